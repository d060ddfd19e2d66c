package org.csirtgateway.ui;

import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.auth.AccessFilter;
import org.csirtgateway.ui.auth.LoginController;
import org.csirtgateway.ui.health.HealthController;
import org.csirtgateway.ui.metrics.MetricsController;
import org.csirtgateway.ui.quarantine.QuarantineController;
import org.csirtgateway.ui.ticket.TicketApiController;
import org.csirtgateway.ui.ticket.TicketPagesController;
import org.csirtgateway.ui.web.Assets;
import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.SecurityHeaders;

/**
 * Every route of the admin UI and API, in one place. Access is decided by {@link AccessFilter}, which runs before
 * every request: only the requests in {@link #PUBLIC} and GETs under {@link #PUBLIC_PREFIX} are served without a
 * signed-in user. A new route is therefore protected unless it is added to the allowlist here on purpose.
 */
final class Routes {

    /** "METHOD /path" of the only routes reachable without signing in. */
    static final Set<String> PUBLIC = Set.of("GET /login", "POST /login", "GET /api/health");
    /** Static assets (stylesheet) are public too: the login page needs them. */
    static final String PUBLIC_PREFIX = "/assets/";

    private final SecurityHeaders securityHeaders;
    private final AccessFilter access;
    private final ErrorHandlers errors;
    private final Assets assets;
    private final LoginController login;
    private final TicketPagesController ticketPages;
    private final TicketApiController ticketApi;
    private final HealthController health;
    private final QuarantineController quarantine;
    private final MetricsController metrics;

    Routes(SecurityHeaders securityHeaders, AccessFilter access, ErrorHandlers errors, Assets assets,
           LoginController login, TicketPagesController ticketPages, TicketApiController ticketApi,
           HealthController health, QuarantineController quarantine, MetricsController metrics) {
        this.securityHeaders = securityHeaders;
        this.access = access;
        this.errors = errors;
        this.assets = assets;
        this.login = login;
        this.ticketPages = ticketPages;
        this.ticketApi = ticketApi;
        this.health = health;
        this.quarantine = quarantine;
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        // Before every request, matched or not, in this order.
        routes.before(securityHeaders);
        routes.before(access);

        // Public (see PUBLIC and PUBLIC_PREFIX)
        routes.get("/assets/{file}", assets::serve);
        routes.get("/login", login::form);
        routes.post("/login", login::signIn);
        routes.get("/api/health", health::report);

        // Signed-in users: pages
        routes.get("/", ctx -> ctx.redirect("/tickets", HttpStatus.FOUND));
        routes.post("/logout", login::signOut);
        routes.get("/tickets", ticketPages::list);
        routes.get("/tickets/{id}", ticketPages::show);
        routes.get("/quarantine", quarantine::page);
        routes.post("/quarantine/{id}/retry", quarantine::retryFromPage);
        routes.get("/metrics", metrics::scrape);

        // Signed-in users: JSON API
        routes.get("/api/tickets", ticketApi::list);
        routes.get("/api/tickets/{id}", ticketApi::show);
        routes.get("/api/quarantine", quarantine::list);
        routes.post("/api/quarantine/{id}/retry", quarantine::retry);
        // Prometheus scrapes this one with an API token (bearer tokens count on /api paths only).
        routes.get("/api/metrics", metrics::scrape);

        routes.exception(HttpResponseException.class, errors::httpError);
        routes.exception(Exception.class, errors::unexpected);
    }
}
