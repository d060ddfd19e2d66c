package org.csirtgateway.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.csirtgateway.Gateway;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.LoopbackMailConfig;

/**
 * Runs a gateway in a JVM of its own, for tests that kill it (SIGKILL) and start it again. Arguments: IMAP port,
 * SMTP port, data directory, templates directory, then any number of {@code key=value} configuration overrides.
 * It runs until killed.
 */
public final class GatewayProcessMain {

    private GatewayProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> values = new LinkedHashMap<>(new LoopbackMailConfig("Example CSIRT",
                TestGatewayConfig.TEAM_ADDRESS, TestGatewayConfig.MAILBOX_PASSWORD, Integer.parseInt(args[0]),
                Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3])).values());
        for (int i = 4; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            values.put(pair[0], pair[1]);
        }
        Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC());
        gateway.start();
        System.out.println("GATEWAY STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
