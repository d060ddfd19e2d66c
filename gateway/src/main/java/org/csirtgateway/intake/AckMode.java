package org.csirtgateway.intake;

/** Whether processing a message may acknowledge it to the reporter. */
public enum AckMode {
    /** As the acknowledgement policy decides (fresh mail from the mailbox). */
    POLICY,
    /** Never: history imported from another system was answered back then; the reason is recorded on the ticket. */
    NEVER;

    /** The decision reason recorded on tickets opened under {@link #NEVER}. */
    public static final String IMPORTED_REASON = "imported history: not acknowledged";
}
