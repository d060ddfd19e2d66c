package org.csirtgateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.importing.ImportPlan;
import org.csirtgateway.importing.ImportSummary;
import org.csirtgateway.importing.MailImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports a team's mail history; never acknowledges it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import history: mbox files, Maildir folders (cur/ and new/), .eml files or folders of them.",
                "Every message goes through the gateway's own pipeline (kept, decrypted with the team's keys, "
                        + "parsed, ticketed, indexed, compared for duplicates and triaged) but is never acknowledged. "
                        + "Importing the same files again creates nothing new; an import stopped half-way continues "
                        + "when run again. Stop the gateway first: the import writes the search index."})
final class ImportCommand implements Callable<Integer> {

    /** Most quarantine reasons listed one by one in the summary. */
    private static final int LISTED = 50;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "mbox file, Maildir, .eml file or folder")
    List<Path> paths;

    @Option(names = "--channel", defaultValue = "import", paramLabel = "NAME",
            description = "channel recorded on the imported tickets (default: ${DEFAULT-VALUE})")
    String channel;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImportSummary summary;
        try {
            ImportPlan plan = ImportPlan.of(paths);
            try (GatewayCore core = new GatewayCore(data.configuration(), DataOptions.clock(),
                    GatewayCore.Commits.SCHEDULED)) {
                summary = new MailImporter(core.pipeline(), core.database(), channel).run(plan,
                        new ImportProgressBars(err, "import", "processed"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Import stopped: " + e.getMessage() + ". What was imported so far is "
                    + "kept; run the same import again to continue (it skips what it has).", e);
        }
        print(out, summary);
        return 0;
    }

    static void print(PrintWriter out, ImportSummary summary) {
        out.println("Imported:            " + summary.imported() + " message(s), none acknowledged");
        out.println("Duplicates skipped:  " + summary.duplicates());
        out.println("Quarantined:         " + summary.quarantined().size()
                + (summary.quarantined().isEmpty() ? "" : " (see /quarantine in the admin UI to retry)"));
        summary.quarantined().stream().limit(LISTED).forEach(held ->
                out.println("  #" + held.rawId() + " " + held.source() + ": " + oneLine(held.reason())));
        if (summary.quarantined().size() > LISTED) {
            out.println("  ... and " + (summary.quarantined().size() - LISTED) + " more");
        }
        if (summary.pending() > 0) {
            out.println("Left pending:        " + summary.pending() + " (processed when the gateway next starts)");
        }
        if (!summary.skippedFiles().isEmpty()) {
            out.println("Files not read:      " + summary.skippedFiles().size());
            summary.skippedFiles().stream().limit(LISTED).forEach(skipped ->
                    out.println("  " + skipped.path() + ": " + skipped.reason()));
            if (summary.skippedFiles().size() > LISTED) {
                out.println("  ... and " + (summary.skippedFiles().size() - LISTED) + " more");
            }
        }
        out.flush();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
