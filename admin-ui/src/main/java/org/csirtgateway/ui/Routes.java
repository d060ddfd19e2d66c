package org.csirtgateway.ui;

import static org.csirtgateway.ui.auth.Allow.ADMIN;
import static org.csirtgateway.ui.auth.Allow.ANALYST;
import static org.csirtgateway.ui.auth.Allow.ANYONE;
import static org.csirtgateway.ui.auth.Allow.READ_ONLY;

import java.util.List;
import java.util.stream.Collectors;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import org.csirtgateway.ui.auth.AccessFilter;
import org.csirtgateway.ui.auth.AccessRules;
import org.csirtgateway.ui.auth.Allow;
import org.csirtgateway.ui.auth.LoginController;
import org.csirtgateway.ui.config.ConfigController;
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
import org.csirtgateway.ui.users.UsersController;
import org.csirtgateway.ui.web.Assets;
import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.SecurityHeaders;

/**
 * Every route of the admin UI and API, in one table: method, path, handler, and the lowest role it admits
 * ({@link Allow}: ANYONE, READ_ONLY, ANALYST, ADMIN). The table is registered with Javalin with those roles, and
 * {@link AccessFilter} enforces them on every request: a route that declares no role is refused to everyone, and
 * only the routes declared ANYONE are served without a signed-in user. Pages ask the same table which buttons to
 * show ({@code chrome.can("POST /tickets/{id}/status")}).
 */
final class Routes {

    /** One row of the table. */
    record Route(HandlerType method, String path, Handler handler, Allow allow) {
        /** "METHOD /path", as pages and the access rules name the route. */
        String key() {
            return method.name() + " " + path;
        }
    }

    private final SecurityHeaders securityHeaders;
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
    private final UsersController users;
    private final ConfigController configuration;
    private final DashboardController dashboard;
    private final LanguageController language;

    Routes(SecurityHeaders securityHeaders, ErrorHandlers errors, Assets assets,
           LoginController login, TicketPagesController ticketPages, TicketApiController ticketApi,
           HealthController health, TicketActionsController ticketActions, AttachmentController attachments,
           CoordinationController coordination, KeysController keys, DuplicatesController duplicates,
           QuarantineController quarantine, MetricsController metrics, UsersController users,
           ConfigController configuration, DashboardController dashboard, LanguageController language) {
        this.dashboard = dashboard;
        this.language = language;
        this.coordination = coordination;
        this.duplicates = duplicates;
        this.securityHeaders = securityHeaders;
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
        this.users = users;
        this.configuration = configuration;
    }

    /** The table. Reads are READ_ONLY, working tickets ANALYST, users and configuration ADMIN. */
    List<Route> table() {
        return List.of(
                // Public: the only routes served without signing in
                get("/assets/{file}", assets::serve, ANYONE),
                get("/login", login::form, ANYONE),
                post("/login", login::signIn, ANYONE),
                get("/api/health", health::report, ANYONE),

                // Pages
                get("/", ctx -> ctx.redirect("/dashboard", HttpStatus.FOUND), READ_ONLY),
                get("/dashboard", dashboard::page, READ_ONLY),                 // dashboard, UI language
                post("/language", language::choose, READ_ONLY),
                post("/logout", login::signOut, READ_ONLY),
                get("/tickets", ticketPages::list, READ_ONLY),
                get("/tickets/{id}", ticketPages::show, READ_ONLY),
                post("/tickets/{id}/status", ticketActions::formStatus, ANALYST),
                post("/tickets/{id}/assignee", ticketActions::formAssignee, ANALYST),
                post("/tickets/{id}/category", ticketActions::formCategory, ANALYST),
                post("/tickets/{id}/notes", ticketActions::formNote, ANALYST),
                post("/tickets/{id}/merge", ticketActions::formMerge, ANALYST),
                post("/tickets/{id}/reply", ticketActions::formReply, ANALYST),
                post("/tickets/{id}/forward", ticketActions::formForward, ANALYST),
                get("/tickets/{id}/attachments/{sha256}", attachments::download, READ_ONLY),
                post("/tickets/{id}/coordinate", coordination::formCoordinate, ANALYST),
                post("/tickets/{id}/duplicate-of", duplicates::markViaForm, ANALYST),
                get("/keys", keys::show, READ_ONLY),                            // OpenPGP keys
                get("/keys/team.asc", keys::exportTeamKeys, READ_ONLY),         // public keys only
                post("/keys/import", keys::importKey, ANALYST),
                post("/keys/{fingerprint}/trust", keys::setTrust, ANALYST),
                get("/quarantine", quarantine::page, READ_ONLY),
                post("/quarantine/{id}/retry", quarantine::retryFromPage, ANALYST),
                get("/metrics", metrics::scrape, READ_ONLY),
                get("/users", users::page, ADMIN),                              // users and tokens
                post("/users", users::addFromForm, ADMIN),
                get("/users/{id}", users::userPage, ADMIN),
                post("/users/{id}/role", users::roleFromForm, ADMIN),
                post("/users/{id}/disable", users::disableFromForm, ADMIN),
                post("/users/{id}/enable", users::enableFromForm, ADMIN),
                post("/users/{id}/password", users::passwordFromForm, ADMIN),
                post("/users/{id}/tokens", users::tokenFromForm, ADMIN),
                post("/users/{id}/tokens/{token}/revoke", users::revokeFromForm, ADMIN),
                get("/audit", users::auditPage, ADMIN),
                get("/config", configuration::page, ADMIN),

                // JSON API
                get("/api/dashboard", dashboard::api, READ_ONLY),
                get("/api/tickets", ticketApi::list, READ_ONLY),
                get("/api/tickets/{id}", ticketApi::show, READ_ONLY),
                post("/api/tickets/{id}/status", ticketActions::apiStatus, ANALYST),
                post("/api/tickets/{id}/assignee", ticketActions::apiAssignee, ANALYST),
                post("/api/tickets/{id}/category", ticketActions::apiCategory, ANALYST),
                post("/api/tickets/{id}/notes", ticketActions::apiNote, ANALYST),
                post("/api/tickets/{id}/merge", ticketActions::apiMerge, ANALYST),
                post("/api/tickets/{id}/reply", ticketActions::apiReply, ANALYST),
                post("/api/tickets/{id}/forward", ticketActions::apiForward, ANALYST),
                post("/api/tickets/{id}/coordinate", coordination::apiCoordinate, ANALYST),
                get("/api/tickets/{id}/similar", duplicates::similar, READ_ONLY),
                get("/api/tickets/{id}/related", duplicates::related, READ_ONLY),
                post("/api/tickets/{id}/duplicate-of", duplicates::markViaApi, ANALYST),
                get("/api/quarantine", quarantine::list, READ_ONLY),
                post("/api/quarantine/{id}/retry", quarantine::retry, ANALYST),
                // Prometheus scrapes this one with an API token (bearer tokens count on /api paths only).
                get("/api/metrics", metrics::scrape, READ_ONLY),
                get("/api/users", users::list, ADMIN),
                post("/api/users", users::add, ADMIN),
                get("/api/users/{id}", users::show, ADMIN),
                post("/api/users/{id}/role", users::changeRole, ADMIN),
                post("/api/users/{id}/disable", users::disable, ADMIN),
                post("/api/users/{id}/enable", users::enable, ADMIN),
                post("/api/users/{id}/password", users::resetPassword, ADMIN),
                post("/api/users/{id}/tokens", users::createToken, ADMIN),
                post("/api/users/{id}/tokens/{token}/revoke", users::revokeToken, ADMIN),
                get("/api/audit", users::auditLog, ADMIN),
                get("/api/config", configuration::json, ADMIN));
    }

    /** What each route admits, for the access filter and for pages deciding which buttons to show. */
    AccessRules rules() {
        return new AccessRules(table().stream().collect(Collectors.toMap(Route::key, Route::allow)));
    }

    void register(RoutesConfig routes, AccessFilter access) {
        // Before every request, matched or not, in this order: who is asking (and CSRF) ...
        routes.before(securityHeaders);
        routes.before(access);
        // ... then, once the route is known, whether the route admits them.
        routes.beforeMatched(access::authorize);

        for (Route route : table()) {
            if (route.method().equals(HandlerType.GET)) {
                routes.get(route.path(), route.handler(), route.allow());
            } else if (route.method().equals(HandlerType.POST)) {
                routes.post(route.path(), route.handler(), route.allow());
            } else {
                throw new IllegalStateException("No registration for " + route.key());
            }
        }

        routes.exception(HttpResponseException.class, errors::httpError);
        routes.exception(Exception.class, errors::unexpected);
    }

    private static Route get(String path, Handler handler, Allow allow) {
        return new Route(HandlerType.GET, path, handler, allow);
    }

    private static Route post(String path, Handler handler, Allow allow) {
        return new Route(HandlerType.POST, path, handler, allow);
    }
}
