package org.csirtgateway.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the gateway against real mail servers, as configured. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway with a configuration file (environment variables CSIRT_* override it).")
final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "YAML configuration, see config/gateway.example.yml")
    Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig config = new ConfigLoader(System.getenv()).load(configFile);
        GatewayApplication application = new GatewayApplication(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            stopped.countDown();
        }, "shutdown"));
        application.start();
        spec.commandLine().getOut().println("Admin UI: " + application.adminUrl());
        application.publicUrl().ifPresent(url -> spec.commandLine().getOut().println("Public site: " + url));
        stopped.await();
        return 0;
    }
}
