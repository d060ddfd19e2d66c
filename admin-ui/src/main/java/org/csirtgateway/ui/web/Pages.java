package org.csirtgateway.ui.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import org.csirtgateway.ui.auth.Access;
import org.csirtgateway.ui.auth.SignedIn;

/** Renders the precompiled jte templates (HTML-escaped by default) as UTF-8 pages. */
public final class Pages {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
    private final String teamName;

    public Pages(String teamName) {
        this.teamName = teamName;
    }

    /** The header of a page titled {@code title}, for whoever is signed in (if anyone). */
    public Chrome chrome(Context ctx, String title) {
        Access access = Access.of(ctx);
        return SignedIn.of(ctx)
                .map(who -> new Chrome(teamName, title, who.user().name(), who.user().role().dbName(),
                        who.session() == null ? null : who.session().csrfToken(), access))
                .orElse(new Chrome(teamName, title, null, null, null, access));
    }

    /** Renders {@code template} (e.g. "tickets.jte") with its single parameter {@code model}. */
    public void render(Context ctx, int status, String template, Object model) {
        StringOutput output = new StringOutput();
        engine.render(template, model, output);
        ctx.status(status).contentType("text/html; charset=utf-8").result(output.toString());
    }

    public void error(Context ctx, int status, String message) {
        render(ctx, status, "error.jte", new ErrorPage(chrome(ctx, "Error " + status), status, message));
    }
}
