package org.csirtgateway.ui.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.Requests;

/**
 * Deny by default: runs before every request, matched or not, and lets it through only when it comes from a
 * signed-in user or is on the explicit public allowlist. It also enforces CSRF tokens on every state-changing
 * request made with a session cookie.
 *
 * <p>Who: an {@code Authorization: Bearer} API token (API paths only), else the session cookie. Anonymous API
 * requests get 401 JSON; anonymous page requests a redirect to the fixed path /login (no return URL is taken
 * from the client, so there is nothing to redirect elsewhere).
 */
public final class AccessFilter implements Handler {

    public static final String SESSION_COOKIE = "cgw_session";
    public static final String LOGIN_CSRF_COOKIE = "cgw_login_csrf";
    public static final String CSRF_FIELD = "csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final UserAccounts accounts;
    private final Sessions sessions;
    private final Set<String> publicRoutes;
    private final String publicPrefix;
    private final ErrorHandlers errors;

    /**
     * @param publicRoutes "METHOD /exact/path" entries served without a user
     * @param publicPrefix GET requests under this path prefix are served without a user (static assets)
     */
    public AccessFilter(UserAccounts accounts, Sessions sessions, Set<String> publicRoutes, String publicPrefix,
                        ErrorHandlers errors) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.publicRoutes = Set.copyOf(publicRoutes);
        this.publicPrefix = publicPrefix;
        this.errors = errors;
    }

    @Override
    public void handle(Context ctx) {
        Optional<SignedIn> who = identify(ctx);
        who.ifPresent(signedIn -> signedIn.attachTo(ctx));
        if (who.isEmpty() && !isPublic(ctx)) {
            refuseAnonymous(ctx);
            return;
        }
        if (!SAFE_METHODS.contains(ctx.method()) && !csrfTokenValid(ctx, who)) {
            errors.respondLocalized(ctx, 403, "error.csrf");
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether the request is on the allowlist: exact method and path, or GET of a static asset. */
    public boolean isPublic(Context ctx) {
        String path = ctx.path();
        if (publicRoutes.contains(ctx.method().name() + " " + path)) {
            return true;
        }
        return ctx.method() == HandlerType.GET && path.startsWith(publicPrefix) && !path.contains("..");
    }

    private Optional<SignedIn> identify(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (Requests.isApi(ctx) && authorization != null) {
            // A request that presents a token is judged by the token alone, even if it also has a cookie.
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return accounts.userForApiToken(authorization.substring(7).trim()).map(user -> new SignedIn(user, null));
        }
        return sessions.find(ctx.cookie(SESSION_COOKIE)).map(session -> new SignedIn(session.user(), session));
    }

    private void refuseAnonymous(Context ctx) {
        if (Requests.isApi(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "authentication required"));
        } else {
            ctx.redirect("/login", HttpStatus.FOUND);
        }
        ctx.skipRemainingHandlers();
    }

    private boolean csrfTokenValid(Context ctx, Optional<SignedIn> who) {
        if (ctx.method() == HandlerType.POST && ctx.path().equals("/login")) {
            // Before sign-in there is no session: the form's token must match the cookie set with the form.
            return Secrets.sameToken(ctx.cookie(LOGIN_CSRF_COOKIE), ctx.formParam(CSRF_FIELD));
        }
        if (who.isEmpty()) {
            return false;
        }
        if (who.get().viaApiToken()) {
            return true; // a bearer token is never sent by a browser on its own, so it cannot be forged cross-site
        }
        String sent = ctx.header(CSRF_HEADER) != null ? ctx.header(CSRF_HEADER) : ctx.formParam(CSRF_FIELD);
        return Secrets.sameToken(who.get().session().csrfToken(), sent);
    }
}
