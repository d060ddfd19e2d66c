package org.csirtgateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.intake.AckMode;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Imports history (mbox files, Maildir folders, .eml files) through the same intake pipeline as fresh mail: each
 * message is kept first (archived, recorded with the source {@code import:<file>#<n>} or {@code import:<file>}),
 * then parsed and ticketed, and never acknowledged (the decision is recorded on each new ticket). Importing the same
 * files again creates nothing new: a known source, or the same bytes kept before, is counted as a duplicate.
 *
 * <p>Messages are processed in batches so the search index is committed once per batch; every message is committed
 * in the database on its own before the next is read.
 */
public final class MailImporter {

    /** Messages per index commit. */
    static final int BATCH = 200;

    private final IntakePipeline pipeline;
    private final Database database;
    private final String channel;

    public MailImporter(IntakePipeline pipeline, Database database, String channel) {
        if (channel == null || !channel.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("A channel name is 1 to 64 letters, digits, '.', '_' or '-', got '"
                    + channel + "'");
        }
        this.pipeline = pipeline;
        this.database = database;
        this.channel = channel;
    }

    public ImportSummary run(ImportPlan plan, ImportProgress progress) throws IOException {
        Run run = new Run(progress);
        progress.started(plan.messageCount());
        for (ImportPlan.Item item : plan.items()) {
            if (item instanceof ImportPlan.Mbox mbox) {
                try (MboxReader reader = new MboxReader(mbox.path())) {
                    int number = 0;
                    while (reader.hasNext()) {
                        number++;
                        boolean[] read = {false};
                        run.keep("import:" + mbox.path() + "#" + number, out -> {
                            read[0] = true;
                            reader.copyNext(out);
                        });
                        if (!read[0]) {
                            reader.copyNext(null); // a known source: skip its bytes
                        }
                    }
                }
            } else {
                Path file = item.path();
                run.keep("import:" + file, out -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(out);
                    }
                });
            }
        }
        run.flush();
        progress.finished(run.done);
        return run.summary(plan);
    }

    private final class Run {
        private final ImportProgress progress;
        private final Map<Long, String> batch = new LinkedHashMap<>();
        private final List<ImportSummary.Quarantined> quarantined = new ArrayList<>();
        private long done;
        private long imported;
        private long duplicates;
        private long pending;

        Run(ImportProgress progress) {
            this.progress = progress;
        }

        void keep(String source, RawArchive.RawContent content) throws IOException {
            IntakePipeline.Kept kept = pipeline.keepUnlessKnown(channel, source, content);
            if (kept instanceof IntakePipeline.Kept.New fresh) {
                batch.put(fresh.rawId(), source);
                if (batch.size() >= BATCH) {
                    flush();
                }
            } else {
                duplicates++;
            }
            progress.advanced(++done);
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            pipeline.processAll(List.copyOf(batch.keySet()), AckMode.NEVER);
            for (Map.Entry<Long, String> entry : batch.entrySet()) {
                long rawId = entry.getKey();
                Outcome outcome = database.read(connection -> Sql.one(connection,
                        "SELECT state, failure FROM raw_messages WHERE id = ?",
                        row -> new Outcome(row.getString("state"), row.getString("failure")), rawId)).orElseThrow();
                switch (outcome.state()) {
                    case "processed" -> imported++;
                    case "quarantined" -> quarantined.add(new ImportSummary.Quarantined(rawId, entry.getValue(),
                            outcome.failure() == null ? "no reason recorded" : outcome.failure()));
                    default -> pending++;
                }
            }
            batch.clear();
        }

        ImportSummary summary(ImportPlan plan) {
            return new ImportSummary(imported, duplicates, quarantined, pending, plan.skipped());
        }
    }

    private record Outcome(String state, String failure) {
    }
}
