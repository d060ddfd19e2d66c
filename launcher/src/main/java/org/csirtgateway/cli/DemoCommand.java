package org.csirtgateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.config.LoopbackMailConfig;
import org.csirtgateway.ui.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded demo: a GreenMail IMAP+SMTP server on loopback, a fresh data directory, the gateway and the admin UI,
 * then about ten sample reports mailed into the mailbox so that they travel through the real poller.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the gateway against an embedded mail server and mail it sample reports.")
final class DemoCommand implements Callable<Integer> {

    private static final String TEAM_ADDRESS = "csirt@demo.example";
    private static final String DEMO_USER = "analyst";

    @Option(names = "--port", defaultValue = "8080", description = "admin UI port on 127.0.0.1, 0 for any free "
            + "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--public-port", defaultValue = "0", description = "public site port on 127.0.0.1 "
            + "(security.txt, RFC 2350 page); 0 for any free port (default: ${DEFAULT-VALUE})")
    int publicPort;

    @Option(names = "--data", paramLabel = "DIR",
            description = "data directory (default: a fresh temporary directory)")
    Path dataDir;

    @Option(names = "--exit-after-samples", hidden = true,
            description = "stop once every sample is ticketed and acknowledged (for scripted runs)")
    boolean exitAfterSamples;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, MessagingException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("csirt-gateway-demo-");
        String mailboxPassword = randomSecret(12);
        GreenMail mailServer = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mailServer.start();
        mailServer.setUser(TEAM_ADDRESS, TEAM_ADDRESS, mailboxPassword);

        GatewayConfig config = new ConfigLoader(Map.of()).fromValues(demoConfig(data, mailServer, mailboxPassword));
        GatewayApplication application = new GatewayApplication(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            application.close();
            mailServer.stop();
            stopped.countDown();
        };
        Thread shutdownHook = new Thread(shutdown, "shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        application.start();

        String password = randomSecret(16);
        application.accounts().addUser(DEMO_USER, password.toCharArray(), Role.ADMIN);
        String token = application.accounts().createApiToken(DEMO_USER, "demo");
        out.println("Admin UI: " + application.adminUrl());
        out.println("Login: " + DEMO_USER + " / " + password);
        out.println("API token: " + token);
        out.println("Data: " + data.toAbsolutePath());
        application.publicUrl().ifPresent(url -> out.println("Public site: " + url));
        out.flush();

        int sent = mailSamples(mailServer.getSmtp().getPort());
        if (exitAfterSamples) {
            boolean settled = new DemoProgress(application.gateway()).awaitSettled(sent, Duration.ofSeconds(60));
            out.println(settled ? "All " + sent + " samples processed." : "Samples not all processed in 60 s.");
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            shutdown.run();
            return settled ? 0 : 1;
        }
        out.println("Mailed " + sent + " sample reports to " + TEAM_ADDRESS + "; press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private Map<String, String> demoConfig(Path data, GreenMail mailServer, String mailboxPassword) {
        Map<String, String> values = new LoopbackMailConfig("Demo CSIRT", TEAM_ADDRESS, mailboxPassword,
                mailServer.getImap().getPort(), mailServer.getSmtp().getPort(), data,
                Home.path("config/templates")).values();
        values.put("admin.port", String.valueOf(port));
        // The example team profile (constituency, partners, rules) and the public site on its own port.
        values.put("profile.file", Home.path("config/team-profile.yml").toString());
        values.put("public.port", String.valueOf(publicPort));
        return values;
    }

    private static int mailSamples(int smtpPort) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        Session session = Session.getInstance(props);
        var reports = new DemoReports(TEAM_ADDRESS, java.time.Instant.now()).all();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage report : reports) {
                transport.sendMessage(report, new Address[] {new InternetAddress(TEAM_ADDRESS)});
            }
        }
        return reports.size();
    }

    private static String randomSecret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
