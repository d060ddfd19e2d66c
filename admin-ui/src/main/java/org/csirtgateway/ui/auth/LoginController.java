package org.csirtgateway.ui.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.web.Cookies;
import org.csirtgateway.ui.web.Pages;

/**
 * Sign-in and sign-out over HTTP. The checks themselves are in {@link UserAccounts} and {@link Sessions}; every
 * attempt and every sign-out goes to the {@link AccountAudit} log (the name tried, never the password).
 */
public final class LoginController {

    private static final Duration LOGIN_FORM_LIFETIME = Duration.ofHours(1);

    private final UserAccounts accounts;
    private final Sessions sessions;
    private final AccountAudit audit;
    private final LoginThrottle throttle;
    private final Pages pages;
    private final Cookies cookies;
    private final Secrets secrets = new Secrets(new SecureRandom());

    public LoginController(UserAccounts accounts, Sessions sessions, AccountAudit audit, LoginThrottle throttle,
                           Pages pages, Cookies cookies) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.throttle = throttle;
        this.pages = pages;
        this.cookies = cookies;
    }

    /** GET /login */
    public void form(Context ctx) {
        if (SignedIn.of(ctx).isPresent()) {
            ctx.redirect("/tickets", HttpStatus.FOUND);
            return;
        }
        showForm(ctx, 200, "", null);
    }

    /** POST /login (its CSRF token was checked by {@link AccessFilter}) */
    public void signIn(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String address = ctx.ip();
        if (throttle.isLockedOut(name, address)) {
            audit.signInFailed(name, address, "locked out after repeated failures");
            showForm(ctx, 429, name, pages.texts(ctx).t("login.locked"));
            return;
        }
        UserAccounts.SignInCheck check = accounts.check(name, password.toCharArray());
        Optional<User> user = check.user();
        if (user.isEmpty()) {
            throttle.recordFailure(name, address);
            audit.signInFailed(name, address, check.failure());
            showForm(ctx, 401, name, pages.texts(ctx).t("login.failed"));
            return;
        }
        throttle.recordSuccess(name, address);
        audit.signedIn(user.get(), address);
        // A fresh session id at every sign-in: a session id planted before sign-in is worth nothing.
        SignedIn.of(ctx).map(SignedIn::session).ifPresent(old -> sessions.delete(old.id()));
        Session session = sessions.create(user.get());
        cookies.set(ctx, AccessFilter.SESSION_COOKIE, session.id(), "/", sessions.lifetime());
        cookies.clear(ctx, AccessFilter.LOGIN_CSRF_COOKIE, "/login");
        ctx.redirect("/tickets", HttpStatus.SEE_OTHER);
    }

    /** POST /logout */
    public void signOut(Context ctx) {
        SignedIn.of(ctx).filter(who -> who.session() != null).ifPresent(who -> {
            sessions.delete(who.session().id());
            audit.signedOut(who.user(), ctx.ip());
        });
        cookies.clear(ctx, AccessFilter.SESSION_COOKIE, "/");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void showForm(Context ctx, int status, String name, String error) {
        String csrf = ctx.cookie(AccessFilter.LOGIN_CSRF_COOKIE);
        if (csrf == null || !csrf.matches("[A-Za-z0-9_-]{43}")) {
            csrf = secrets.token(32);
        }
        cookies.set(ctx, AccessFilter.LOGIN_CSRF_COOKIE, csrf, "/login", LOGIN_FORM_LIFETIME);
        String action = org.csirtgateway.ui.i18n.Language.parse(ctx.queryParam("lang"))
                .map(language -> "/login?lang=" + language.code()).orElse("/login");
        pages.render(ctx, status, "login.jte", new LoginPage(pages.titled(ctx, "login.title"), csrf, name, error,
                action));
    }
}
