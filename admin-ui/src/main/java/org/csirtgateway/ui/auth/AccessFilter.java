package org.csirtgateway.ui.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deny by default, in two steps.
 *
 * <p>{@link #handle} runs before every request, matched or not: it finds who is asking and lets the request through
 * only when it comes from a signed-in user or matches a route declared {@link Allow#ANYONE} (sign-in, health,
 * stylesheet). It also enforces CSRF tokens on every state-changing request made with a session cookie.
 *
 * <p>{@link #authorize} runs once Javalin has matched the route, before its handler: it admits the request only when
 * the route declares what it admits ({@link Allow}, given with the route in the route table) and the user's role
 * reaches it. A route that declares nothing is refused to everyone. Refusals are answered 403 (JSON for the API, an
 * error page for pages) and recorded in the account audit log.
 *
 * <p>Who: an {@code Authorization: Bearer} API token (API paths only), else the session cookie. Anonymous API
 * requests get 401 JSON; anonymous page requests a redirect to the fixed path /login (no return URL is taken
 * from the client, so there is nothing to redirect elsewhere).
 */
public final class AccessFilter implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    public static final String SESSION_COOKIE = "cgw_session";
    public static final String LOGIN_CSRF_COOKIE = "cgw_login_csrf";
    public static final String CSRF_FIELD = "csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final UserAccounts accounts;
    private final Sessions sessions;
    private final AccessRules rules;
    private final AccountAudit audit;
    private final ErrorHandlers errors;

    /** @param rules what each route of the route table admits */
    public AccessFilter(UserAccounts accounts, Sessions sessions, AccessRules rules, AccountAudit audit,
                        ErrorHandlers errors) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.rules = rules;
        this.audit = audit;
        this.errors = errors;
    }

    @Override
    public void handle(Context ctx) {
        Optional<SignedIn> who = identify(ctx);
        who.ifPresent(signedIn -> signedIn.attachTo(ctx));
        new Access(who.map(SignedIn::user), rules).attachTo(ctx);
        if (who.isEmpty() && !isPublic(ctx)) {
            refuseAnonymous(ctx);
            return;
        }
        if (!SAFE_METHODS.contains(ctx.method()) && !csrfTokenValid(ctx, who)) {
            errors.respondLocalized(ctx, 403, "error.csrf");
            ctx.skipRemainingHandlers();
        }
    }

    /** Runs after routing (Javalin's beforeMatched): the matched route's declared {@link Allow} decides. */
    public void authorize(Context ctx) {
        List<Allow> declared = ctx.routeRoles().stream().filter(Allow.class::isInstance).map(Allow.class::cast)
                .toList();
        if (declared.size() != 1 || declared.size() != ctx.routeRoles().size()) {
            LOG.error("Route {} declares {} instead of one Allow; refused", route(ctx), ctx.routeRoles());
            errors.respondLocalized(ctx, 403, "error.closed");
            ctx.skipRemainingHandlers();
            return;
        }
        Allow allow = declared.get(0);
        Optional<User> user = SignedIn.of(ctx).map(SignedIn::user);
        if (allow.admits(user)) {
            return;
        }
        if (user.isEmpty()) {
            refuseAnonymous(ctx);
            return;
        }
        Role needed = allow.lowest().orElseThrow();
        audit.refused(user.get(), route(ctx), ctx.ip(), needed);
        Role has = user.get().role();
        errors.respondLocalized(ctx, 403, texts -> texts.t("error.needsRole", texts.label("role", needed.dbName()),
                texts.label("role", has.dbName())));
        ctx.skipRemainingHandlers();
    }

    /** "METHOD /path" of the matched route, as declared (e.g. {@code POST /users/{id}/role}). */
    private static String route(Context ctx) {
        return ctx.method().name() + " " + ctx.endpoints().matchedHttpEndpoint().path;
    }

    /** Whether the request matches a route declared {@link Allow#ANYONE}, which needs no user. */
    public boolean isPublic(Context ctx) {
        return rules.isPublic(ctx.method().name(), ctx.path());
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
