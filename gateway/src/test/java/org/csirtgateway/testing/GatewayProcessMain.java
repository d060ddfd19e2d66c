package org.csirtgateway.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.csirtgateway.Gateway;
import org.csirtgateway.intake.IntakeObserver;
import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.LoopbackMailConfig;

/**
 * Runs a gateway in a JVM of its own, for tests that kill it (SIGKILL) and start it again. Arguments: IMAP port,
 * SMTP port, data directory, templates directory, then any number of {@code key=value} configuration overrides.
 * It runs until killed.
 */
public final class GatewayProcessMain {

    /**
     * {@code halt-at=PLACED:3}: the process halts at once (as a SIGKILL would stop it: no shutdown hook, nothing
     * closed) the third time the intake passes that stage boundary.
     */
    public static final String HALT_AT = "halt-at";

    /** The exit status of a process halted at a stage boundary. */
    public static final int HALTED = 137;

    private GatewayProcessMain() {
    }

    private static IntakeObserver haltAt(String spec) {
        String[] parts = spec.split(":", 2);
        IntakeObserver.Boundary boundary = IntakeObserver.Boundary.valueOf(parts[0]);
        int nth = Integer.parseInt(parts[1]);
        java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();
        return reached -> {
            if (reached == boundary && passed.incrementAndGet() == nth) {
                System.out.println("HALT AT " + spec);
                System.out.flush();
                Runtime.getRuntime().halt(HALTED);
            }
        };
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> values = new LinkedHashMap<>(new LoopbackMailConfig("Example CSIRT",
                TestGatewayConfig.TEAM_ADDRESS, TestGatewayConfig.MAILBOX_PASSWORD, Integer.parseInt(args[0]),
                Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3])).values());
        IntakeObserver observer = IntakeObserver.NONE;
        for (int i = 4; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            if (pair[0].equals(HALT_AT)) {
                observer = haltAt(pair[1]);
            } else {
                values.put(pair[0], pair[1]);
            }
        }
        Gateway gateway = new Gateway(new ConfigLoader(Map.of()).fromValues(values), Clock.systemUTC(), observer);
        gateway.start();
        System.out.println("GATEWAY STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
