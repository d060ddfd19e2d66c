package org.csirtgateway.intake;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.crypto.CryptoStage;
import org.csirtgateway.crypto.PgpUnwrapper;
import org.csirtgateway.index.TextFeatures;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.ParseException;
import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.parse.ReportParser;

/**
 * Reads a kept message's original from the archive, opens it if it is OpenPGP (decrypts with the team's keys,
 * verifies signatures) and parses it within the intake limits. The result depends on nothing but the original and
 * the keys, so a message read again after a crash gives what it gave the first time. Thread-safe: a batch is read on
 * every core.
 */
final class UnwrapAndParse {

    /** A stage of reading failed; {@link IntakeFailures} decides what becomes of the message. */
    static final class Failure extends Exception {
        final IntakeFailures.Stage stage;

        Failure(IntakeFailures.Stage stage, Exception cause) {
            super(cause);
            this.stage = stage;
        }
    }

    private final RawArchive archive;
    private final CryptoStage crypto;
    private final ReportParser parser;
    private final GatewayMetrics metrics;

    UnwrapAndParse(RawArchive archive, CryptoStage crypto, ReportParser parser, GatewayMetrics metrics) {
        this.archive = archive;
        this.crypto = crypto;
        this.parser = parser;
        this.metrics = metrics;
    }

    /** Reads and parses one kept message. */
    Prepared read(RawRow raw) throws Failure {
        IntakeFailures.Stage stage = IntakeFailures.Stage.READ_ARCHIVE;
        try {
            long started = System.nanoTime();
            RawArchive.Original original = archive.original(raw.sha256());
            original.open().close(); // a missing or unreadable original is a failure to read the archive
            stage = IntakeFailures.Stage.PARSE;
            // OpenPGP first: the parser reads the decrypted message (or the original, with the reason why not). A
            // message without OpenPGP (nearly all) is streamed from the archive, never held in memory whole.
            PgpUnwrapper.Unwrapped unwrapped = crypto.unwrap(original::open, parser.limits().maxMessageBytes() + 1);
            ParsedReport report;
            try (InputStream in = unwrapped.mime() != null ? new ByteArrayInputStream(unwrapped.mime())
                    : new BufferedInputStream(original.open(), 64 * 1024)) {
                report = parser.parse(in);
            }
            // Worked out once, here in parallel: the exact-duplicate key for placing, the signature and vocabulary
            // for the index and the comparison.
            TextFeatures text = TextFeatures.of(report.searchableText());
            metrics.stage(GatewayMetrics.PARSE, started);
            return new Prepared(raw, report, unwrapped, text);
        } catch (IOException | ParseException | RuntimeException e) {
            throw new Failure(stage, e);
        }
    }
}
