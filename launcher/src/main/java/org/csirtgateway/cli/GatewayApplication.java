package org.csirtgateway.cli;

import java.time.Clock;

import org.csirtgateway.Gateway;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.store.Database;
import org.csirtgateway.ui.AdminServer;
import org.csirtgateway.ui.AdminSettings;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAccounts;

/** The running gateway and its admin UI, wired by constructor from one configuration. */
final class GatewayApplication implements AutoCloseable {

    private final Gateway gateway;
    private final AdminServer admin;
    private final UserAccounts accounts;

    GatewayApplication(GatewayConfig config, Clock clock) {
        this.gateway = new Gateway(config, clock);
        Database database = gateway.database();
        this.accounts = new UserAccounts(database, clock);
        this.admin = new AdminServer(
                new AdminSettings(config.admin().bind(), config.admin().port(), config.admin().secureCookies(),
                        config.team().name()),
                gateway.tickets(), accounts, new Sessions(database, clock), gateway::health, gateway.quarantine(),
                gateway.metrics().registry()::scrape);
    }

    /** Starts the admin UI first (so a port conflict stops start-up before mail is taken), then the gateway. */
    void start() {
        try {
            admin.start();
        } catch (RuntimeException e) {
            gateway.close();
            throw StartupFailure.of(e, admin.bindDescription());
        }
        gateway.start();
    }

    String adminUrl() {
        return admin.url();
    }

    UserAccounts accounts() {
        return accounts;
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        admin.stop();
        gateway.close();
    }
}
