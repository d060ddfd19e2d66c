package org.csirtgateway.crash;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import org.csirtgateway.Gateway;
import org.csirtgateway.store.Sql;
import org.csirtgateway.testing.Mails;
import org.csirtgateway.testing.TestGatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputProbeIT {
    @TempDir
    Path dataDir;

    @Test
    void probe() throws Exception {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        GreenMailUser user = mail.setUser(TestGatewayConfig.TEAM_ADDRESS, TestGatewayConfig.TEAM_ADDRESS,
                TestGatewayConfig.MAILBOX_PASSWORD);
        Session session = Session.getInstance(new java.util.Properties());
        for (int i = 0; i < 500; i++) {
            user.deliver(Mails.message(session, "r" + i + "@x.example", TestGatewayConfig.TEAM_ADDRESS, "S " + i,
                    "Body " + i, "p-" + i + "@x", Map.of()));
        }
        Gateway gateway = new Gateway(TestGatewayConfig.create(mail, dataDir,
                Map.of("imap.processedFolder", "Processed")), Clock.systemUTC());
        long start = System.nanoTime();
        gateway.start();
        long kept = 0;
        long processed = 0;
        while (processed < 500 && System.nanoTime() - start < 60_000_000_000L) {
            Thread.sleep(1000);
            kept = gateway.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM raw_messages"));
            processed = gateway.database().read(c -> Sql.count(c,
                    "SELECT COUNT(*) FROM raw_messages WHERE state = 'processed'"));
            System.out.println("PROBE t=" + (System.nanoTime() - start) / 1_000_000 + "ms kept=" + kept
                    + " processed=" + processed);
        }
        gateway.close();
        mail.stop();
    }
}
