package org.csirtgateway.ui.web;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import org.csirtgateway.ui.auth.Access;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Messages;
import org.csirtgateway.ui.i18n.Texts;
import org.csirtgateway.ui.i18n.UserLanguages;

/**
 * Renders the precompiled jte templates (HTML-escaped by default) as UTF-8 pages, in the reader's language: the one
 * the signed-in user chose, else (for users who never chose, and before sign-in) the browser's Accept-Language.
 * Before sign-in, {@code ?lang=ja} on a page overrides the browser.
 */
public final class Pages {

    private static final String TEXTS = Pages.class.getName() + ".texts";
    /** A form post's page: the ticket, key, quarantine, users or user page the form was on. */
    private static final Pattern FORM_PAGE = Pattern.compile("^(/tickets/[^/]+|/users/[^/]+|/users|/keys|/quarantine)"
            + "(/.*)?$");

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
    private final String teamName;
    private final ZoneId zone;
    private final Optional<UserLanguages> languages;

    /** English or the browser's language, times in UTC. */
    public Pages(String teamName) {
        this(teamName, ZoneOffset.UTC, null);
    }

    /**
     * @param zone      the team's time zone: times are shown in it and dates typed in filters mean days in it
     * @param languages users' chosen languages, or null when choices are not stored
     */
    public Pages(String teamName, ZoneId zone, UserLanguages languages) {
        this.teamName = teamName;
        this.zone = zone;
        this.languages = Optional.ofNullable(languages);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The UI's words for this request's reader (worked out once per request). */
    public Texts texts(Context ctx) {
        Texts cached = ctx.attribute(TEXTS);
        if (cached != null) {
            return cached;
        }
        Optional<SignedIn> who = SignedIn.of(ctx);
        Optional<Language> chosen = who.flatMap(signedIn -> languages.flatMap(l -> l.chosen(signedIn.user().id())));
        if (chosen.isEmpty() && who.isEmpty()) {
            chosen = Language.parse(ctx.queryParam("lang"));
        }
        Language language = chosen.orElseGet(() -> Language.fromAcceptLanguage(ctx.header("Accept-Language")));
        Texts texts = Messages.bundled().texts(language, zone);
        ctx.attribute(TEXTS, texts);
        return texts;
    }

    /** The header of a page titled {@code title} (already in the reader's language), for whoever is signed in. */
    public Chrome chrome(Context ctx, String title) {
        Access access = Access.of(ctx);
        Texts texts = texts(ctx);
        String back = returnPath(ctx);
        return SignedIn.of(ctx)
                .map(who -> new Chrome(teamName, title, who.user().name(), who.user().role().dbName(),
                        who.session() == null ? null : who.session().csrfToken(), access, texts, back))
                .orElse(new Chrome(teamName, title, null, null, null, access, texts, back));
    }

    /** The header of a page whose title is the message {@code key}. */
    public Chrome titled(Context ctx, String key, Object... args) {
        return chrome(ctx, texts(ctx).t(key, args));
    }

    /** Renders {@code template} (e.g. "tickets.jte") with its single parameter {@code model}. */
    public void render(Context ctx, int status, String template, Object model) {
        StringOutput output = new StringOutput();
        engine.render(template, model, output);
        ctx.status(status).contentType("text/html; charset=utf-8").header("Content-Language", texts(ctx).lang())
                .result(output.toString());
    }

    public void error(Context ctx, int status, String message) {
        render(ctx, status, "error.jte", new ErrorPage(titled(ctx, "error.title", status), status, message));
    }

    /** This page for a GET; for a page answering a form post, the page the form was on. */
    private static String returnPath(Context ctx) {
        String path = ctx.path();
        if (ctx.method() == HandlerType.GET) {
            String query = ctx.queryString();
            return query == null || query.isEmpty() ? path : path + "?" + query;
        }
        Matcher page = FORM_PAGE.matcher(path);
        return page.matches() ? page.group(1) : "/dashboard";
    }
}
