package org.csirtgateway.ui;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;

import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.health.HealthSource;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.ui.auth.AccessFilter;
import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.auth.LoginController;
import org.csirtgateway.ui.auth.LoginThrottle;
import org.csirtgateway.ui.config.ConfigController;
import org.csirtgateway.ui.dashboard.DashboardController;
import org.csirtgateway.ui.health.HealthController;
import org.csirtgateway.ui.i18n.LanguageController;
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
import org.csirtgateway.ui.web.Cookies;
import org.csirtgateway.ui.web.ErrorHandlers;
import org.csirtgateway.ui.web.Json;
import org.csirtgateway.ui.web.Pages;
import org.csirtgateway.ui.web.SecurityHeaders;
import org.csirtgateway.ui.web.UnreadableRequests;

/** The admin UI and JSON API: built from its dependencies, started and stopped by its owner. */
public final class AdminServer {

    /** Form posts and API requests are small; anything bigger is refused before it is read. */
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final AdminSettings settings;
    private final Javalin app;

    public AdminServer(AdminSettings settings, AdminServices services) {
        this.settings = settings;
        Pages pages = new Pages(settings.teamName(), services.dashboard().zone(), services.languages());
        ErrorHandlers errors = new ErrorHandlers(pages, MAX_REQUEST_BYTES);
        AccountAudit audit = services.users().audit();
        Routes routes = new Routes(
                new SecurityHeaders(),
                errors,
                new Assets(),
                new LoginController(services.accounts(), services.sessions(), audit,
                        new LoginThrottle(Clock.systemUTC()), pages, new Cookies(settings.secureCookies())),
                new TicketPagesController(services.tickets(), pages, services.coordination(), services.search()),
                new TicketApiController(services.tickets(), services.coordination(), services.dashboard().zone()),
                new HealthController(services.health()),
                new TicketActionsController(services.commands(), services.tickets(), pages),
                new AttachmentController(services.tickets()),
                new CoordinationController(services.coordination()),
                new KeysController(services.teamKeys(), services.reporterKeys(), pages, Clock.systemUTC()),
                new DuplicatesController(services.tickets(), services.search()),
                new QuarantineController(services.quarantine(), pages),
                new MetricsController(services.metrics()),
                new UsersController(services.users(), pages),
                new ConfigController(services.configuration(), pages),
                new DashboardController(services.dashboard(), pages),
                new LanguageController(services.languages()));
        AccessFilter access = new AccessFilter(services.accounts(), services.sessions(), routes.rules(), audit, errors);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bindAddress();
            config.jetty.port = settings.port();
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // A known path with the wrong method is a 405 naming the allowed ones, not a 404.
            config.http.prefer405over404 = true;
            // Requests Jetty refuses before routing (bad URL encoding, oversized headers) are answered in JSON too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new UnreadableRequests()));
            config.jsonMapper(new JavalinJackson(Json.newMapper(), false));
            routes.register(config.routes, access);
        });
    }

    /** Starts listening; returns the bound port. */
    public synchronized int start() {
        app.start();
        return app.port();
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return app.port();
    }

    /** Where it is configured to listen, e.g. {@code 127.0.0.1:8080}, for messages (works before start). */
    public String bindDescription() {
        return settings.bindAddress() + ":" + settings.port();
    }

    /** e.g. {@code http://127.0.0.1:8080/} */
    public String url() {
        String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]" : settings.bindAddress();
        return "http://" + host + ":" + port() + "/";
    }

    public synchronized void stop() {
        app.stop();
    }

    /** "METHOD /path" of every HTTP endpoint Javalin has registered (for tests that probe them all). */
    List<String> registeredEndpoints() {
        return List.copyOf(registeredRoles().keySet());
    }

    /**
     * Every HTTP endpoint Javalin has registered, with the route roles registered with it (for tests that prove
     * each declares exactly one {@link org.csirtgateway.ui.auth.Allow}).
     */
    Map<String, Set<RouteRole>> registeredRoles() {
        Map<String, Set<RouteRole>> roles = new LinkedHashMap<>();
        app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .forEach(endpoint -> {
                    Roles declared = endpoint.metadata(Roles.class);
                    roles.put(endpoint.method.name() + " " + endpoint.path,
                            declared == null ? Set.of() : Set.copyOf(declared.getRoles()));
                });
        return roles;
    }
}
