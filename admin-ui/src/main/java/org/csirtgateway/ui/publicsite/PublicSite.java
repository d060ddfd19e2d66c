package org.csirtgateway.ui.publicsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import org.csirtgateway.profile.ClearSigner;
import org.csirtgateway.profile.SecurityTxt;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.triage.IncidentDefinition;
import org.csirtgateway.triage.Taxonomy;
import org.csirtgateway.ui.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team's public point of contact, on its own listener (own Javalin instance, bind address and port), separate
 * from the admin UI: {@code /.well-known/security.txt} (RFC 9116), {@code /pgp-key.txt} and the RFC 2350 description
 * in English and Japanese. Read-only: GET (and HEAD) only, no login, no cookies, nothing of the admin UI; the same
 * strict security headers as the admin UI.
 */
public final class PublicSite {

    private static final Logger LOG = LoggerFactory.getLogger(PublicSite.class);
    private static final Set<HandlerType> READ_ONLY = Set.of(HandlerType.GET, HandlerType.HEAD);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final PublicSiteSettings settings;
    private final TeamProfile profile;
    private final Taxonomy taxonomy;
    private final IncidentDefinition definition;
    private final Optional<ClearSigner> signer;
    private final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final byte[] stylesheet;
    private final Javalin app;

    public PublicSite(PublicSiteSettings settings, TeamProfile profile, Taxonomy taxonomy,
                      IncidentDefinition definition, Optional<ClearSigner> signer, Clock clock) {
        this.settings = settings;
        this.profile = profile;
        this.taxonomy = taxonomy;
        this.definition = definition;
        this.signer = signer;
        this.clock = clock;
        this.stylesheet = resource("public/public.css");
        SecurityHeaders headers = new SecurityHeaders();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bindAddress();
            config.jetty.port = settings.port();
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.http.maxRequestSize = 1024;
            config.routes.before(headers);
            config.routes.before(this::readOnly);
            config.routes.get("/", ctx -> ctx.redirect("/rfc2350", HttpStatus.FOUND));
            config.routes.get(SecurityTxt.PATH, this::securityTxt);
            // RFC 9116 section 3: the legacy location redirects to the well-known one.
            config.routes.get("/security.txt", ctx -> ctx.redirect(SecurityTxt.PATH, HttpStatus.MOVED_PERMANENTLY));
            config.routes.get(SecurityTxt.KEY_PATH, this::publicKey);
            config.routes.get("/rfc2350", ctx -> rfc2350(ctx, "ja".equals(ctx.queryParam("lang")) ? "ja" : "en"));
            config.routes.get("/en/rfc2350", ctx -> rfc2350(ctx, "en"));
            config.routes.get("/ja/rfc2350", ctx -> rfc2350(ctx, "ja"));
            config.routes.get("/public.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(stylesheet));
            config.routes.error(404, ctx -> ctx.contentType(TEXT).result("Not found"));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Public site failed on {}: {}", ctx.path(), e.toString());
                ctx.status(500).contentType(TEXT).result("Internal error");
            });
        });
    }

    /** Starts listening; returns the bound port. */
    public synchronized int start() {
        app.start();
        if (signer.isEmpty()) {
            LOG.info("Public site: security.txt is served unsigned (no public.signingKey configured)");
        }
        return app.port();
    }

    public synchronized void stop() {
        app.stop();
    }

    public String bindDescription() {
        return settings.bindAddress() + ":" + settings.port();
    }

    /** e.g. {@code http://127.0.0.1:8081/} */
    public String url() {
        String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]"
                : settings.bindAddress();
        return "http://" + host + ":" + app.port() + "/";
    }

    private void readOnly(Context ctx) {
        if (!READ_ONLY.contains(ctx.method())) {
            ctx.header("Allow", "GET, HEAD");
            ctx.status(HttpStatus.METHOD_NOT_ALLOWED).contentType(TEXT).result("Only GET is served here");
            ctx.skipRemainingHandlers();
        }
    }

    private void securityTxt(Context ctx) {
        String text = new SecurityTxt(profile).render(clock.instant(), url(), signer.isPresent());
        ctx.contentType(TEXT).result(signer.map(s -> s.sign(text)).orElse(text));
    }

    private void publicKey(Context ctx) throws IOException {
        Optional<TeamProfile.PublicKey> key = profile.primaryKey();
        if (key.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).contentType(TEXT).result("This team publishes no OpenPGP key");
            return;
        }
        ctx.contentType(TEXT).result(Files.readString(key.get().file(), StandardCharsets.US_ASCII));
    }

    private void rfc2350(Context ctx, String language) {
        String base = profile.publication().baseUrl().isEmpty()
                ? url().substring(0, url().length() - 1) : profile.publication().baseUrl();
        String other = "ja".equals(language) ? "/rfc2350" : "/ja/rfc2350";
        List<String> incidents = definition.incidents().stream().map(id -> label(id, language)).toList();
        Rfc2350Page page = new Rfc2350Page(language, profile, base + ("ja".equals(language) ? "/ja/rfc2350"
                : "/rfc2350"), other, incidents, profile.primaryKey().isPresent() ? base + SecurityTxt.KEY_PATH
                : null, profile.primaryKey().map(TeamProfile.PublicKey::fingerprint).orElse(""));
        StringOutput output = new StringOutput();
        templates.render("rfc2350.jte", page, output);
        ctx.contentType("text/html; charset=utf-8").header("Content-Language", language).result(output.toString());
    }

    private String label(String id, String language) {
        if (id.contains("/")) {
            return taxonomy.category(id).map(c -> c.label(language)).orElse(id);
        }
        return taxonomy.classes().stream().filter(c -> c.id().equals(id)).findFirst()
                .map(c -> c.label().in(language)).orElse(id);
    }

    private static byte[] resource(String name) {
        try (InputStream in = PublicSite.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
