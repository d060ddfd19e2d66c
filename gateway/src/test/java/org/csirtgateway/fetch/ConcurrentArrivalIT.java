package org.csirtgateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Eventually;
import org.csirtgateway.testing.MailboxClient;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail keeps arriving while the poller keeps and moves what it took: every message delivered is kept exactly once
 * and moved, none is moved without being kept, none waits in the inbox.
 */
class ConcurrentArrivalIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @TempDir
    Path dataDir;

    @Test
    void mailArrivingWhileThePollerMovesWhatItKeptIsAllKeptAndMoved() throws Exception {
        int bursts = 20;
        int perBurst = 100;
        try (Gateway gateway = new Gateway(TestGatewayConfig.create(MAIL, dataDir,
                Map.of("imap.processedFolder", "Processed")), Clock.systemUTC())) {
            gateway.start();
            GreenMailUser mailbox = MAIL.getUserManager().getUser(TestGatewayConfig.TEAM_ADDRESS);
            Session session = Session.getInstance(new Properties());
            int delivered = 0;
            for (int burst = 0; burst < bursts; burst++) {
                for (int i = 0; i < perBurst; i++) {
                    mailbox.deliver(Mails.message(session, "r" + delivered + "@reporter.example",
                            TestGatewayConfig.TEAM_ADDRESS, "Report " + delivered, "Body " + delivered,
                            "arrival-" + delivered + "@reporter.example", Map.of()));
                    delivered++;
                }
                int sent = delivered;
                // the next burst as soon as the gateway has kept this one: it arrives while the poller moves
                Eventually.await("burst " + burst + " kept", Duration.ofSeconds(30), () -> gateway.database()
                        .read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages")) >= sent);
            }
            int expected = delivered;
            Eventually.await("every delivered message kept", Duration.ofSeconds(60), () -> gateway.database()
                    .read(connection -> Sql.count(connection, "SELECT COUNT(*) FROM raw_messages")) == expected);
            try (MailboxClient client = MailboxClient.plain(MAIL.getImap().getPort(), TestGatewayConfig.TEAM_ADDRESS,
                    TestGatewayConfig.MAILBOX_PASSWORD)) {
                Eventually.await("the inbox emptied", Duration.ofSeconds(30), () -> client.count("INBOX") == 0);
                assertThat(client.count("Processed")).isEqualTo(expected);
            }
        }
    }
}
