package org.csirtgateway.ui.i18n;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.auth.SignedIn;

/**
 * POST /language (form: csrf, language, return): the header's language switch. Stores the signed-in user's choice
 * (so it follows them to every browser and survives signing out) and sends the browser back to the page it came
 * from, if that is a local path ({@link ReturnPath}). CSRF is checked by the access filter, like every POST.
 */
public final class LanguageController {

    private final UserLanguages languages;

    public LanguageController(UserLanguages languages) {
        this.languages = languages;
    }

    public void choose(Context ctx) {
        SignedIn who = SignedIn.of(ctx).orElseThrow(() -> new ForbiddenResponse("Sign in first"));
        Language language = Language.parse(ctx.formParam("language")).orElseThrow(() ->
                new BadRequestResponse("Unknown language: choose en or ja"));
        languages.choose(who.user().id(), language);
        ctx.redirect(ReturnPath.safe(ctx.formParam("return")), HttpStatus.SEE_OTHER);
    }
}
