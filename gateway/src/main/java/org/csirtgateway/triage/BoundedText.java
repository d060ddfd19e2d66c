package org.csirtgateway.triage;

/**
 * Report text for a rule's regular expression, with a budget of character reads: a pattern that backtracks
 * catastrophically on hostile text runs out of budget and fails instead of stalling intake.
 */
final class BoundedText implements CharSequence {

    /** Reads per match attempt: generous for linear patterns on a 512 KiB report, fatal for exponential ones. */
    static final long READ_BUDGET = 20_000_000L;

    /** Thrown when a pattern used up its budget. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regular expression exceeded its budget of " + READ_BUDGET + " character reads", null, false, false);
        }
    }

    /** The reads so far, shared with the sub-sequences a matcher takes. */
    private static final class Reads {
        long count;
    }

    private final String text;
    private final Reads reads;

    BoundedText(CharSequence text) {
        this(text.toString(), new Reads());
    }

    private BoundedText(String text, Reads reads) {
        this.text = text;
        this.reads = reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads.count > READ_BUDGET) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), reads);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
