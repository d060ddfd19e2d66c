package org.csirtgateway.intake;

/**
 * Told each time the intake passes a stage boundary, for a batch of messages. The gateway runs with {@link #NONE};
 * a crash test halts the process at a chosen boundary, to prove that what a crash there leaves undone is finished at
 * the next start with the same result. Must be fast and must not throw.
 */
@FunctionalInterface
public interface IntakeObserver {

    /** The boundaries, in the order a message passes them. */
    enum Boundary {
        /** A batch is kept: archived, forced and committed (the mailbox not yet told). */
        KEPT,
        /** A batch is placed on tickets with its acknowledgements, in one committed transaction. */
        PLACED,
        /** A batch is added to the search index, not yet committed there. */
        INDEXED,
        /** A batch's new tickets are compared with the earlier reports and the proposals saved. */
        COMPARED,
        /** A batch's new tickets are triaged and the findings saved. */
        TRIAGED,
        /** The search index is committed, and the index stages it made durable are not yet recorded as done. */
        INDEX_COMMITTED
    }

    IntakeObserver NONE = boundary -> { };

    void passed(Boundary boundary);
}
