package org.csirtgateway.ui;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.health.HealthSource;
import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.store.Database;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.trends.DashboardQueries;
import org.csirtgateway.trends.TrendReport;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.triage.Taxonomy;
import org.csirtgateway.ui.i18n.UserLanguages;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAdministration;
import org.csirtgateway.ui.auth.UserAccounts;

/**
 * What the admin UI works with: the gateway's services, passed in whole so that adding a feature adds one component
 * here instead of a parameter to every constructor call. {@link #of} gives the core; {@code with...} adds the rest.
 *
 * @param coordination triage and forwards to partner teams, empty when not configured
 * @param teamKeys     the team's OpenPGP keys, {@link TeamKeys#none()} when none are configured
 * @param search       duplicate proposals, related tickets and filtered search, empty when not wired
 * @param users        user administration and the account audit log, over the same database
 * @param configuration the gateway's effective configuration, secrets masked; NONE when not given
 * @param dashboard    the dashboard's figures; its time zone is the team's, in which the UI shows times
 * @param languages    each user's chosen UI language
 */
public record AdminServices(
        TicketQueries tickets,
        UserAccounts accounts,
        Sessions sessions,
        HealthSource health,
        TicketCommands commands,
        Optional<CoordinationService> coordination,
        TeamKeys teamKeys,
        ReporterKeys reporterKeys,
        Optional<TicketSearchService> search,
        Quarantine quarantine,
        Supplier<String> metrics,
        UserAdministration users,
        EffectiveConfiguration configuration,
        DashboardQueries dashboard,
        UserLanguages languages) {

    /**
     * Every service of a gateway's data directory as its composition root built them: tickets, commands,
     * coordination, keys, search, quarantine, metrics, the effective configuration and the dashboard in the team's
     * time zone. What the admin UI adds of its own: accounts, sessions, and the health of the running gateway.
     */
    public static AdminServices of(GatewayCore core, UserAccounts accounts, Sessions sessions, HealthSource health,
                                   Clock clock) {
        Database database = core.database();
        return new AdminServices(core.tickets(), accounts, sessions, health, core.ticketCommands(),
                Optional.of(core.coordination()), core.teamKeys(), core.reporterKeys(), Optional.of(core.search()),
                core.quarantine(), core.metrics().registry()::scrape,
                new UserAdministration(database, accounts, new AccountAudit(database, clock), clock),
                core.config().effective(), core.dashboard(), new UserLanguages(database));
    }

    /**
     * The core services of one gateway database without its composition root (tests of single pages): no team keys,
     * no coordination; the dashboard with the bundled taxonomy in UTC.
     */
    public static AdminServices of(Database database, TicketQueries tickets, UserAccounts accounts, Sessions sessions,
                                   HealthSource health, TicketCommands commands) {
        return new AdminServices(tickets, accounts, sessions, health, commands, Optional.empty(), TeamKeys.none(),
                new ReporterKeys(database), Optional.empty(), Quarantine.withoutRetry(database), () -> "",
                new UserAdministration(database, accounts, new AccountAudit(database, Clock.systemUTC()),
                        Clock.systemUTC()), EffectiveConfiguration.NONE,
                new DashboardQueries(database, new TrendReport(database, Taxonomy.rsit()), Clock.systemUTC()),
                new UserLanguages(database));
    }

    /** The dashboard of the team's taxonomy and time zone; the UI shows times in that zone. */
    public AdminServices withDashboard(DashboardQueries figures) {
        return new AdminServices(tickets, accounts, sessions, health, commands, coordination, teamKeys, reporterKeys,
                search, quarantine, metrics, users, configuration, figures, languages);
    }

    public AdminServices withCoordination(CoordinationService service) {
        return new AdminServices(tickets, accounts, sessions, health, commands, Optional.of(service), teamKeys,
                reporterKeys, search, quarantine, metrics, users, configuration, dashboard, languages);
    }

    public AdminServices withSearch(TicketSearchService service) {
        return new AdminServices(tickets, accounts, sessions, health, commands, coordination, teamKeys, reporterKeys,
                Optional.of(service), quarantine, metrics, users, configuration, dashboard, languages);
    }

    /** Quarantine with retry and the Prometheus metrics text. */
    public AdminServices withOperations(Quarantine held, Supplier<String> scrape) {
        return new AdminServices(tickets, accounts, sessions, health, commands, coordination, teamKeys, reporterKeys,
                search, held, scrape, users, configuration, dashboard, languages);
    }

    public AdminServices withKeys(TeamKeys team, ReporterKeys reporters) {
        return new AdminServices(tickets, accounts, sessions, health, commands, coordination, team, reporters,
                search, quarantine, metrics, users, configuration, dashboard, languages);
    }

    /** The effective configuration shown to admins. */
    public AdminServices withConfiguration(EffectiveConfiguration effective) {
        return new AdminServices(tickets, accounts, sessions, health, commands, coordination, teamKeys, reporterKeys,
                search, quarantine, metrics, users, effective, dashboard, languages);
    }
}
