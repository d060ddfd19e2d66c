package org.csirtgateway.importing;

/** Told how an import advances, e.g. to draw a progress bar. Called from the importing thread. */
public interface ImportProgress {

    /** Before the first message: how many the plan holds. */
    void started(long total);

    /** After each message read (kept, or recognised as a duplicate). */
    void advanced(long done);

    /** After the last message. */
    void finished(long done);

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
