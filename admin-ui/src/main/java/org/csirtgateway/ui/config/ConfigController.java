package org.csirtgateway.ui.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;

import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.ui.web.Pages;

/**
 * {@code GET /config} and {@code GET /api/config}: every configuration key, its value and where it came from
 * (default, file, environment). Admins only (declared in the route table). Secret values never reach this class:
 * {@link EffectiveConfiguration} keeps only whether a secret is set.
 */
public final class ConfigController {

    private final EffectiveConfiguration configuration;
    private final Pages pages;

    public ConfigController(EffectiveConfiguration configuration, Pages pages) {
        this.configuration = configuration;
        this.pages = pages;
    }

    /** GET /config */
    public void page(Context ctx) {
        pages.render(ctx, 200, "config.jte", new ConfigPage(pages.titled(ctx, "config.title"),
                configuration.entries(), ConfigDescriptions.bundled()));
    }

    /** GET /api/config */
    public void json(Context ctx) {
        ctx.json(Map.of("keys", configuration.entries().stream().map(ConfigController::entryJson).toList()));
    }

    private static Map<String, Object> entryJson(EffectiveConfiguration.Entry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", entry.key());
        row.put("value", entry.value());
        row.put("set", entry.set());
        row.put("secret", entry.secret());
        row.put("source", entry.source().label());
        row.put("environmentVariable", entry.environmentVariable());
        row.put("description", entry.description());
        return row;
    }
}
