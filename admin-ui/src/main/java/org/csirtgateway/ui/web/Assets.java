package org.csirtgateway.ui.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/**
 * The UI's static files, read once from the classpath. Only the files named here are served: no directory
 * listing, no path handling, nothing from outside the jar.
 */
public final class Assets {

    private static final Map<String, String> TYPES = Map.of("app.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    public Assets() {
        // The trend chart's palette and type are appended from TrendChart, which owns them.
        byte[] css = (new String(read("app.css"), java.nio.charset.StandardCharsets.UTF_8) + "\n/* Trend chart */\n"
                + org.csirtgateway.trends.TrendChart.stylesheet()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.files = Map.of("app.css", css);
    }

    /** GET /assets/{file} */
    public void serve(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] content = files.get(name);
        if (content == null) {
            throw new NotFoundResponse("No such asset");
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(TYPES.get(name)).result(content);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing asset /assets/" + name + " in the admin-ui jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
