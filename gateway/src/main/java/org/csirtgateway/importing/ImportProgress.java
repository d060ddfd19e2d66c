package org.csirtgateway.importing;

/** Told how an import advances, e.g. to draw a progress bar. Called from the importing thread. */
public interface ImportProgress {

    /** Before the first message: how many the plan holds. */
    void started(long total);

    /** After each batch of messages read (kept, or recognised as duplicates): how many so far. */
    void advanced(long done);

    /** After the last message is kept. */
    void finished(long done);

    /** While the kept messages are processed: how many of how many pending. */
    default void processing(long done, long total) {
    }

    ImportProgress NONE = new ImportProgress() {
        @Override
        public void started(long total) {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void finished(long done) {
        }
    };
}
