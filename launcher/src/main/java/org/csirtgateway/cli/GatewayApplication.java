package org.csirtgateway.cli;

import java.time.Clock;
import java.util.Optional;

import org.csirtgateway.Gateway;
import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.profile.ClearSigner;
import org.csirtgateway.store.Database;
import org.csirtgateway.ui.AdminServer;
import org.csirtgateway.ui.AdminServices;
import org.csirtgateway.ui.AdminSettings;
import org.csirtgateway.ui.auth.Sessions;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.publicsite.PublicSite;
import org.csirtgateway.ui.publicsite.PublicSiteSettings;

/** The running gateway and its admin UI, wired by constructor from one configuration. */
final class GatewayApplication implements AutoCloseable {

    private final Gateway gateway;
    private final AdminServer admin;
    private final UserAccounts accounts;
    private final Optional<PublicSite> publicSite;

    GatewayApplication(GatewayConfig config, Clock clock) {
        this.gateway = new Gateway(config, clock);
        this.publicSite = publicSite(config, gateway, clock);
        Database database = gateway.database();
        this.accounts = new UserAccounts(database, clock);
        this.admin = new AdminServer(
                new AdminSettings(config.admin().bind(), config.admin().port(), config.admin().secureCookies(),
                        config.team().name()),
                AdminServices.of(gateway.core(), accounts, new Sessions(database, clock), gateway::health, clock));
    }

    /** The public point-of-contact site, on its own listener, when public.enabled. */
    private static Optional<PublicSite> publicSite(GatewayConfig config, Gateway gateway, Clock clock) {
        GatewayConfig.PublicSite settings = config.publicSite();
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<ClearSigner> signer = Optional.empty();
        if (settings.signingKey() != null) {
            try {
                signer = Optional.of(ClearSigner.load(settings.signingKey(),
                        settings.signingPassphrase().toCharArray()));
            } catch (IllegalArgumentException e) {
                gateway.close();
                throw new ConfigException("Key 'public.signingKey': " + e.getMessage());
            }
        }
        var definitions = gateway.definitions();
        return Optional.of(new PublicSite(new PublicSiteSettings(settings.bind(), settings.port()),
                definitions.profile(), definitions.triage().taxonomy(), definitions.triage().definition(), signer,
                clock));
    }

    /**
     * Starts the admin UI and the public site first (so a port conflict stops start-up before mail is taken), then
     * the gateway.
     */
    void start() {
        try {
            admin.start();
        } catch (RuntimeException e) {
            gateway.close();
            throw StartupFailure.of(e, admin.bindDescription());
        }
        if (publicSite.isPresent()) {
            try {
                publicSite.get().start();
            } catch (RuntimeException e) {
                admin.stop();
                gateway.close();
                throw StartupFailure.ofPublicSite(e, publicSite.get().bindDescription());
            }
        }
        gateway.start();
    }

    /** The public site's URL, when it runs. */
    Optional<String> publicUrl() {
        return publicSite.map(PublicSite::url);
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
        publicSite.ifPresent(PublicSite::stop);
        admin.stop();
        gateway.close();
    }
}
