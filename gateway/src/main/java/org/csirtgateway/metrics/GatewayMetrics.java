package org.csirtgateway.metrics;

/**
 * The gateway's own instruments, served at {@code /metrics}: what came in, what became of it, and how long each
 * stage took. Counters start at zero with each start of the gateway (Prometheus handles the resets).
 */
public final class GatewayMetrics {

    /** Stage names used as the {@code stage} label of {@link #stageSeconds}. */
    public static final String KEEP = "keep";
    public static final String PARSE = "parse";
    public static final String TICKET = "ticket";
    public static final String INDEX = "index";
    public static final String SEND = "send";
    /** Storing the decoded attachments of a batch. */
    public static final String STORE_ATTACHMENTS = "attachments";

    private final Metrics registry;
    private final Metrics.LabeledCounter messagesFetched;
    private final Metrics.Counter ticketsCreated;
    private final Metrics.Counter messagesQuarantined;
    private final Metrics.Counter acknowledgementsSent;
    private final Metrics.Counter acknowledgementsFailed;
    private final Metrics.Counter outgoingRefused;
    private final Metrics.Histogram stageSeconds;
    private final Metrics.LabeledCounter attachedKeysSkipped;

    public GatewayMetrics() {
        this(new Metrics());
    }

    public GatewayMetrics(Metrics registry) {
        this.registry = registry;
        this.messagesFetched = registry.counter("csirt_messages_fetched_total",
                "Messages kept (archived and recorded) since start, per channel", "channel");
        this.ticketsCreated = registry.counter("csirt_tickets_created_total", "New tickets opened since start");
        this.messagesQuarantined = registry.counter("csirt_messages_quarantined_total",
                "Messages quarantined since start (kept, not ticketed, with a reason)");
        this.acknowledgementsSent = registry.counter("csirt_acknowledgements_sent_total",
                "Acknowledgements accepted by the SMTP server since start");
        this.acknowledgementsFailed = registry.counter("csirt_acknowledgements_failed_total",
                "Delivery attempts of acknowledgements that failed (each is retried with backoff)");
        this.outgoingRefused = registry.counter("csirt_outgoing_refused_total",
                "Outgoing mails the SMTP server refused for good (5xx) since start: marked failed with its reply, "
                        + "not retried");
        this.stageSeconds = registry.histogram("csirt_stage_duration_seconds",
                "Time spent per message in each stage: keep, parse, attachments, ticket, index, send (a batch's time "
                        + "shared among its messages)", "stage");
        this.attachedKeysSkipped = registry.counter("csirt_attached_keys_skipped_total",
                "OpenPGP keys attached to reports and not collected since start, per reason: own-address (the key "
                        + "claims one of the team's addresses) or not-sender (no user ID has the sender's address)",
                "reason");
    }

    public Metrics registry() {
        return registry;
    }

    public void fetched(String channel) {
        messagesFetched.labels(channel).increment();
    }

    public void ticketCreated() {
        ticketsCreated.increment();
    }

    public void quarantined() {
        messagesQuarantined.increment();
    }

    public void acknowledgementSent() {
        acknowledgementsSent.increment();
    }

    public void acknowledgementFailed() {
        acknowledgementsFailed.increment();
    }

    public void outgoingRefused() {
        outgoingRefused.increment();
    }

    /** An OpenPGP key attached to a report was not collected, for {@code reason}. */
    public void attachedKeySkipped(String reason) {
        attachedKeysSkipped.labels(reason).increment();
    }

    /** Records how long {@code stage} took, from a {@link System#nanoTime()} taken when it began. */
    public void stage(String stage, long startedNanos) {
        stageSeconds.observeNanos(stage, System.nanoTime() - startedNanos);
    }

    /**
     * Records a stage done for {@code messages} messages at once (a batch in one transaction): each is counted with
     * its share of the time, so the mean stays a time per message.
     */
    public void stageShared(String stage, long startedNanos, int messages) {
        if (messages <= 0) {
            return;
        }
        long share = (System.nanoTime() - startedNanos) / messages;
        for (int i = 0; i < messages; i++) {
            stageSeconds.observeNanos(stage, share);
        }
    }

    public long stageCount(String stage) {
        return stageSeconds.count(stage);
    }

    /** Mean seconds per message in {@code stage} so far (0 when none). */
    public double stageMeanSeconds(String stage) {
        long count = stageSeconds.count(stage);
        return count == 0 ? 0 : stageSeconds.sumSeconds(stage) / count;
    }
}
