package org.csirtgateway.ui;

import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.auth.AccessFilter;
import org.csirtgateway.ui.auth.LoginController;
import org.csirtgateway.ui.dashboard.DashboardController;
import org.csirtgateway.ui.i18n.LanguageController;
import org.csirtgateway.ui.health.HealthController;
import org.csirtgateway.ui.ticket.TicketActionsController;
import org.csirtgateway.ui.ticket.AttachmentController;
import org.csirtgateway.ui.keys.KeysController;
import org.csirtgateway.ui.search.DuplicatesController;
import org.csirtgateway.ui.metrics.MetricsController;
import org.csirtgateway.ui.quarantine.QuarantineController;
import org.csirtgateway.ui.ticket.TicketApiController;
import org.csirtgateway.ui.ticket.TicketPagesController;
import org.csirtgateway.ui.triage.CoordinationController;
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
    private final TicketActionsController ticketActions;
    private final AttachmentController attachments;
    private final CoordinationController coordination;
    private final KeysController keys;
    private final DuplicatesController duplicates;
    private final QuarantineController quarantine;
    private final MetricsController metrics;
    private final DashboardController dashboard;
    private final LanguageController language;

    Routes(SecurityHeaders securityHeaders, AccessFilter access, ErrorHandlers errors, Assets assets,
           LoginController login, TicketPagesController ticketPages, TicketApiController ticketApi,
           HealthController health, TicketActionsController ticketActions, AttachmentController attachments,
           CoordinationController coordination, KeysController keys, DuplicatesController duplicates,
           QuarantineController quarantine, MetricsController metrics, DashboardController dashboard,
           LanguageController language) {
        this.dashboard = dashboard;
        this.language = language;
        this.coordination = coordination;
        this.duplicates = duplicates;
        this.securityHeaders = securityHeaders;
        this.access = access;
        this.errors = errors;
        this.assets = assets;
        this.login = login;
        this.ticketPages = ticketPages;
        this.ticketApi = ticketApi;
        this.health = health;
        this.ticketActions = ticketActions;
        this.attachments = attachments;
        this.keys = keys;
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
        routes.get("/", ctx -> ctx.redirect("/dashboard", HttpStatus.FOUND));
        routes.get("/dashboard", dashboard::page);                // issue 8: dashboard and UI language
        routes.post("/language", language::choose);
        routes.post("/logout", login::signOut);
        routes.get("/tickets", ticketPages::list);
        routes.get("/tickets/{id}", ticketPages::show);
        routes.post("/tickets/{id}/status", ticketActions::formStatus);
        routes.post("/tickets/{id}/assignee", ticketActions::formAssignee);
        routes.post("/tickets/{id}/category", ticketActions::formCategory);
        routes.post("/tickets/{id}/notes", ticketActions::formNote);
        routes.post("/tickets/{id}/merge", ticketActions::formMerge);
        routes.post("/tickets/{id}/reply", ticketActions::formReply);
        routes.post("/tickets/{id}/forward", ticketActions::formForward);
        routes.get("/tickets/{id}/attachments/{sha256}", attachments::download);
        routes.post("/tickets/{id}/coordinate", coordination::formCoordinate);
        routes.get("/keys", keys::show);                        // issue 5: OpenPGP keys
        routes.get("/keys/team.asc", keys::exportTeamKeys);
        routes.post("/keys/import", keys::importKey);
        routes.post("/keys/{fingerprint}/trust", keys::setTrust);
        routes.post("/tickets/{id}/duplicate-of", duplicates::markViaForm);
        routes.get("/quarantine", quarantine::page);
        routes.post("/quarantine/{id}/retry", quarantine::retryFromPage);
        routes.get("/metrics", metrics::scrape);

        // Signed-in users: JSON API
        routes.get("/api/dashboard", dashboard::api);
        routes.get("/api/tickets", ticketApi::list);
        routes.get("/api/tickets/{id}", ticketApi::show);
        routes.post("/api/tickets/{id}/status", ticketActions::apiStatus);
        routes.post("/api/tickets/{id}/assignee", ticketActions::apiAssignee);
        routes.post("/api/tickets/{id}/category", ticketActions::apiCategory);
        routes.post("/api/tickets/{id}/notes", ticketActions::apiNote);
        routes.post("/api/tickets/{id}/merge", ticketActions::apiMerge);
        routes.post("/api/tickets/{id}/reply", ticketActions::apiReply);
        routes.post("/api/tickets/{id}/forward", ticketActions::apiForward);
        routes.post("/api/tickets/{id}/coordinate", coordination::apiCoordinate);
        routes.get("/api/tickets/{id}/similar", duplicates::similar);
        routes.get("/api/tickets/{id}/related", duplicates::related);
        routes.post("/api/tickets/{id}/duplicate-of", duplicates::markViaApi);
        routes.get("/api/quarantine", quarantine::list);
        routes.post("/api/quarantine/{id}/retry", quarantine::retry);
        // Prometheus scrapes this one with an API token (bearer tokens count on /api paths only).
        routes.get("/api/metrics", metrics::scrape);

        routes.exception(HttpResponseException.class, errors::httpError);
        routes.exception(Exception.class, errors::unexpected);
    }
}
