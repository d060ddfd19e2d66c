package org.csirtgateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.csirtgateway.config.ConfigLoader;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.store.Database;
import org.csirtgateway.trends.TrendCsv;
import org.csirtgateway.trends.TrendFigures;
import org.csirtgateway.trends.TrendHtml;
import org.csirtgateway.trends.TrendReport;
import org.csirtgateway.triage.TeamDefinitions;
import org.csirtgateway.triage.Taxonomy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trends over a period, as HTML (with a chart) or CSV, from the database; the gateway need not run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Report trends: reports per category per week, in the constituency or outside, top reporting "
                + "parties, median time to acknowledge and to triage.")
final class ReportCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "first day (UTC), e.g. 2026-01-01")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "last day (UTC), inclusive")
    String to;

    @Option(names = "--format", defaultValue = "html", paramLabel = "html|csv",
            description = "html (with a chart) or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        if (!format.equals("html") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format must be html or csv, got '" + format + "'");
        }
        LocalDate first = date("--from", from);
        LocalDate last = date("--to", to);
        Database database = data.openDatabase();
        Taxonomy taxonomy = Taxonomy.rsit();
        String teamName = "CSIRT";
        if (data.configFile != null) {
            GatewayConfig config = new ConfigLoader(System.getenv()).load(data.configFile);
            TeamDefinitions definitions = TeamDefinitions.load(config);
            taxonomy = definitions.triage().taxonomy();
            teamName = definitions.profile().name();
        }
        TrendFigures figures = new TrendReport(database, taxonomy).compute(first, last);
        String document = format.equals("html") ? TrendHtml.render(figures, teamName) : TrendCsv.render(figures);
        if (out == null) {
            spec.commandLine().getOut().print(document);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(out, document, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
            }
            spec.commandLine().getOut().println("Wrote " + figures.totalTickets() + " tickets' trends to " + out);
        }
        return 0;
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date like 2026-01-31, got '" + value + "'");
        }
    }
}
