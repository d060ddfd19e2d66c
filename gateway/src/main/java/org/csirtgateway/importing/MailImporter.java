package org.csirtgateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.intake.AckMode;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.intake.IntakeWorker;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;

/**
 * Imports history (mbox files, Maildir folders, .eml files) through the same pipeline as fresh mail, with every stage:
 * unwrapped with the team's keys, parsed, ticketed, indexed, compared for near-duplicates and triaged; never
 * acknowledged (kept so with each message, and the decision recorded on each new ticket).
 *
 * <p>It works as the live intake does: messages are kept a batch to a pack with one forced write and one commit
 * (source {@code import:<file>#<n>} or {@code import:<file>}) while the intake worker processes what is kept in the
 * pipeline's batches; what is left when the last is kept is processed before the import returns. Importing the same files again creates nothing new (a known source, or bytes kept before, is a
 * duplicate), and an import stopped half-way is continued by running it again: what it kept is processed, what it
 * processed is finished to the last stage, and what it never read is read.
 */
public final class MailImporter {

    /** Messages kept per pack and commit. */
    static final int BATCH = IntakePipeline.BATCH;

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
        List<Long> left = database.read(connection -> Sql.list(connection,
                "SELECT id FROM raw_messages WHERE state = 'pending' ORDER BY id", row -> row.getLong(1)));
        Keeping keeping = new Keeping(progress);
        progress.started(plan.messageCount());
        // As on the live path, the intake worker processes what is kept while the rest is read: keeping (one core,
        // mostly reading and hashing) and processing (parsing on every core) overlap instead of taking turns.
        IntakeWorker worker = new IntakeWorker(pipeline);
        worker.start();
        keeping.worker = worker;
        try {
            keepAll(plan, keeping);
        } finally {
            worker.close();
        }
        progress.finished(keeping.done);
        List<Long> ours = new ArrayList<>(left);
        ours.addAll(keeping.kept);
        return process(plan, ours, keeping.duplicates, progress);
    }

    private void keepAll(ImportPlan plan, Keeping keeping) throws IOException {
        for (ImportPlan.Item item : plan.items()) {
            if (item instanceof ImportPlan.Mbox mbox) {
                try (MboxReader reader = new MboxReader(mbox.path())) {
                    MboxCursor cursor = new MboxCursor(reader, mbox);
                    for (int number = 1; number <= mbox.messages(); number++) {
                        int position = number;
                        keeping.add("import:" + mbox.path() + "#" + number, out -> cursor.copy(position, out));
                    }
                    keeping.flush(); // the reader is closed after this file
                }
            } else {
                keeping.add("import:" + item.path(), out -> {
                    try (InputStream in = Files.newInputStream(item.path())) {
                        in.transferTo(out);
                    }
                });
            }
        }
        keeping.flush();
    }

    /**
     * Processes what is still pending of {@code pending} (those this run kept, and those an interrupted import left),
     * then finishes every stage due, and sums up what became of them.
     */
    private ImportSummary process(ImportPlan plan, List<Long> pending, long duplicates, ImportProgress progress) {
        progress.processing(processed(pending), pending.size());
        int round;
        do {
            round = pipeline.processDue(IntakePipeline.ROUND);
            progress.processing(processed(pending), pending.size());
        } while (round == IntakePipeline.ROUND);
        pipeline.finishAllIncomplete(done -> { });
        pipeline.commitIndexNow();
        long imported = 0;
        long left = 0;
        List<ImportSummary.Quarantined> quarantined = new ArrayList<>();
        for (long rawId : pending) {
            Outcome outcome = database.read(connection -> Sql.one(connection,
                    "SELECT state, failure, source FROM raw_messages WHERE id = ?",
                    row -> new Outcome(row.getString("state"), row.getString("failure"), row.getString("source")),
                    rawId)).orElseThrow();
            switch (outcome.state()) {
                case "processed" -> imported++;
                case "quarantined" -> quarantined.add(new ImportSummary.Quarantined(rawId, outcome.source(),
                        outcome.failure() == null ? "no reason recorded" : outcome.failure()));
                default -> left++;
            }
        }
        return new ImportSummary(imported, duplicates, quarantined, left, plan.skipped());
    }

    private long processed(List<Long> rawIds) {
        return database.read(connection -> Sql.count(connection,
                "SELECT COUNT(*) FROM raw_messages WHERE state <> 'pending' AND id >= ?",
                rawIds.isEmpty() ? Long.MAX_VALUE : rawIds.get(0)));
    }

    /** Keeps messages a batch at a time, and wakes the worker for each. */
    private final class Keeping {
        private final ImportProgress progress;
        private final List<IntakePipeline.Incoming> batch = new ArrayList<>();
        private final List<Long> kept = new ArrayList<>();
        private IntakeWorker worker;
        private long done;
        private long duplicates;

        Keeping(ImportProgress progress) {
            this.progress = progress;
        }

        void add(String source, RawArchive.RawContent content) throws IOException {
            batch.add(new IntakePipeline.Incoming(source, content));
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            for (IntakePipeline.Kept one : pipeline.keepHistory(channel, batch, AckMode.NEVER)) {
                if (one instanceof IntakePipeline.Kept.New fresh) {
                    kept.add(fresh.rawId());
                } else {
                    duplicates++;
                }
            }
            worker.wake();
            done += batch.size();
            batch.clear();
            progress.advanced(done);
        }
    }

    /**
     * Reads the messages of an mbox in order for the archive: a message known before is never asked for, so the
     * messages before the one asked are skipped.
     */
    private static final class MboxCursor {
        private final MboxReader reader;
        private final ImportPlan.Mbox mbox;
        private int next = 1;

        MboxCursor(MboxReader reader, ImportPlan.Mbox mbox) {
            this.reader = reader;
            this.mbox = mbox;
        }

        void copy(int number, OutputStream out) throws IOException {
            while (next < number) {
                advance(null);
            }
            advance(out);
        }

        private void advance(OutputStream out) throws IOException {
            if (!reader.hasNext()) {
                throw new IOException("The mbox file " + mbox.path() + " holds fewer messages than when the import "
                        + "began (" + mbox.messages() + "); was it changed meanwhile?");
            }
            reader.copyNext(out);
            next++;
        }
    }

    private record Outcome(String state, String failure, String source) {
    }
}
