package org.csirtgateway.intake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.csirtgateway.archive.AttachmentStore;
import org.csirtgateway.archive.RawArchive;
import org.csirtgateway.metrics.GatewayMetrics;
import org.csirtgateway.parse.Attachment;
import org.csirtgateway.parse.ParsedReport;

/**
 * Puts a batch's attachment contents in their store before the tickets refer to them, with the forced writes of the
 * whole batch together; storing a content twice keeps one copy.
 */
final class StoreAttachments {

    private final AttachmentStore attachments;
    private final IntakeFailures failures;
    private final GatewayMetrics metrics;

    StoreAttachments(AttachmentStore attachments, IntakeFailures failures, GatewayMetrics metrics) {
        this.attachments = attachments;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** Stores the batch's attachments; returns the messages whose attachments are stored (the others failed). */
    List<Prepared> storeAll(List<Prepared> prepared) {
        long started = System.nanoTime();
        Map<String, RawArchive.RawContent> all = new LinkedHashMap<>();
        prepared.forEach(message -> all.putAll(contents(message.report())));
        try {
            attachments.storeAll(all);
            return prepared;
        } catch (IOException | RuntimeException batchFailed) {
            List<Prepared> stored = new ArrayList<>();
            for (Prepared message : prepared) {
                try {
                    attachments.storeAll(contents(message.report()));
                    stored.add(message);
                } catch (IOException | RuntimeException e) {
                    failures.handle(message.rawId(), IntakeFailures.Stage.STORE_ATTACHMENTS, e);
                }
            }
            return stored;
        } finally {
            if (!all.isEmpty()) {
                metrics.stageShared(GatewayMetrics.STORE_ATTACHMENTS, started, prepared.size());
            }
        }
    }

    private static Map<String, RawArchive.RawContent> contents(ParsedReport report) {
        Map<String, RawArchive.RawContent> contents = new LinkedHashMap<>();
        for (Attachment attachment : report.details().attachments()) {
            if (attachment.stored()) {
                contents.putIfAbsent(attachment.sha256(), attachment.content()::writeTo);
            }
        }
        return contents;
    }

    /** Deletes the temporary files of the messages' large attachments: they are in the store now (or not needed). */
    static void release(List<Prepared> prepared) {
        for (Prepared message : prepared) {
            for (Attachment attachment : message.report().details().attachments()) {
                if (attachment.stored()) {
                    attachment.content().release();
                }
            }
        }
    }
}
