package org.csirtgateway.intake;

/**
 * Whether processing a message may acknowledge it to the reporter. Kept with the message when it is kept
 * ({@code raw_messages.ack_mode}), so that whoever finishes its processing (the worker, a later import run, a retry
 * out of quarantine) decides as its source asked.
 */
public enum AckMode {
    /** As the acknowledgement policy decides (fresh mail from the mailbox). */
    POLICY("policy"),
    /** Never: history imported from another system was answered back then; the reason is recorded on the ticket. */
    NEVER("never");

    /** The decision reason recorded on tickets opened under {@link #NEVER}. */
    public static final String IMPORTED_REASON = "imported history: not acknowledged";

    private final String code;

    AckMode(String code) {
        this.code = code;
    }

    /** As stored in {@code raw_messages.ack_mode}. */
    public String code() {
        return code;
    }

    static AckMode of(String code) {
        return "never".equals(code) ? NEVER : POLICY;
    }
}
