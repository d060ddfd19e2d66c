package org.csirtgateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code csirt-gateway} command. {@code main} only parses arguments and hands over to a subcommand; the wiring
 * of the pipeline lives in {@link GatewayApplication}.
 */
@Command(name = "csirt-gateway", mixinStandardHelpOptions = true, version = "csirt-gateway 0.1.0",
        description = "Intake gateway of a CSIRT: mailbox -> archive -> parse -> ticket -> acknowledgement -> search.",
        subcommands = {DemoCommand.class, RunCommand.class, UserCommand.class, TokenCommand.class,
                ReportCommand.class, KeysCommand.class, BenchPgpCommand.class,
                ReindexCommand.class, org.csirtgateway.cli.bench.BenchSearchCommand.class,
                org.csirtgateway.cli.bench.EvalDuplicatesCommand.class,
                ImportCommand.class, BackupCommand.class, BenchCommand.class})
public final class CsirtGatewayCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The system property that names Jakarta Mail's stream provider. */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    public static void main(String[] args) {
        // Jakarta Mail 2.1 looks up its stream provider with a ServiceLoader scan of the whole class path each time it
        // encodes or decodes a part (jakartaee/mail-api#861): a tenth of the CPU of intake went there. Named here,
        // the provider is found directly. A -D option on the command line wins.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CsirtGatewayCli());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
