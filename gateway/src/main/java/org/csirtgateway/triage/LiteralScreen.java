package org.csirtgateway.triage;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cheap test run before a rule's regular expression: the literal text every match of the pattern contains, one of
 * several when the pattern has alternatives ({@code brute.?force} needs "brute" or "force", {@code \b(bot|malware)\b}
 * needs "bot" or "malware"). When a report contains none of them the pattern cannot match it and is not run: most
 * patterns match most reports nowhere, and a case-insensitive pattern costs a case mapping per character at every
 * position of the text, for each pattern.
 *
 * <p>Only a skip is decided here, never a match: when a literal is there, the pattern itself runs, as before. The
 * literals are compared case-folded the way {@link Pattern#CASE_INSENSITIVE} with {@link Pattern#UNICODE_CASE} folds
 * (lower case of upper case, per character) in a text folded the same way ({@link #fold}), so "Brute ForſE" still
 * reaches the pattern. Patterns this parser does not fully understand (back-references, inline flags, lookaround,
 * Unicode escapes, nested classes, other flags) get no screen: they always run.
 */
final class LiteralScreen {

    /** A screen that lets every text through. */
    static final LiteralScreen NONE = new LiteralScreen(Set.of());

    /** Folded literals, any of which a text must contain; empty when the pattern is always run. */
    private final Set<String> anyOf;

    private LiteralScreen(Set<String> anyOf) {
        this.anyOf = Set.copyOf(anyOf);
    }

    /** The screen of {@code pattern}, or {@link #NONE} when no literal is certain to be in each of its matches. */
    static LiteralScreen of(Pattern pattern) {
        int flags = pattern.flags();
        boolean caseInsensitive = (flags & Pattern.CASE_INSENSITIVE) != 0;
        if ((flags & (Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ)) != 0
                || caseInsensitive && (flags & Pattern.UNICODE_CASE) == 0) {
            return NONE; // other ways of reading the pattern or of comparing characters: not worth a parser of its own
        }
        try {
            Parser parser = new Parser(pattern.pattern());
            Set<String> required = parser.alternation();
            if (!parser.atEnd() || required == null) {
                return NONE;
            }
            return new LiteralScreen(required);
        } catch (Unsupported e) {
            return NONE;
        }
    }

    /** The literals (folded) a text must contain one of; empty when there is no screen. */
    Set<String> literals() {
        return anyOf;
    }

    /** False only when the pattern cannot match the text whose {@link #fold} is {@code folded}. */
    boolean mayFind(String folded) {
        if (anyOf.isEmpty()) {
            return true;
        }
        for (String literal : anyOf) {
            if (folded.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text} with each code point replaced by the lower case of its upper case, the comparison that
     * case-insensitive, Unicode-case patterns make between a pattern's literal and the text.
     */
    static String fold(String text) {
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int f = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : foldCodePoint(c);
            if (f != c && folded == null) {
                folded = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (folded != null) {
                folded.appendCodePoint(f);
            }
            i += Character.charCount(c);
        }
        return folded == null ? text : folded.toString();
    }

    private static int foldCodePoint(int c) {
        return c < BMP_FOLDED.length ? BMP_FOLDED[c] : Character.toLowerCase(Character.toUpperCase(c));
    }

    /** The fold of each character of the Basic Multilingual Plane, looked up once (Japanese reports are all of it). */
    private static final int[] BMP_FOLDED = new int[0x10000];

    static {
        for (int c = 0; c < BMP_FOLDED.length; c++) {
            BMP_FOLDED[c] = Character.toLowerCase(Character.toUpperCase(c));
        }
    }

    /** A construct this parser does not read: the pattern gets no screen. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads a pattern and works out, for each part, a set of literals one of which every match of that part contains
     * (null: none known). A sequence takes its most selective requirement (the one whose shortest literal is
     * longest); an alternation needs one of its branches' requirements, so it has one only when every branch has.
     */
    private static final class Parser {
        private final String pattern;
        private int at;

        Parser(String pattern) {
            this.pattern = pattern;
        }

        boolean atEnd() {
            return at == pattern.length();
        }

        Set<String> alternation() throws Unsupported {
            Set<String> union = new LinkedHashSet<>();
            boolean allHave = true;
            while (true) {
                Set<String> branch = sequence();
                if (branch == null) {
                    allHave = false;
                } else {
                    union.addAll(branch);
                }
                if (at < pattern.length() && pattern.charAt(at) == '|') {
                    at++;
                    continue;
                }
                return allHave ? union : null;
            }
        }

        private Set<String> sequence() throws Unsupported {
            Set<String> best = null;
            StringBuilder run = new StringBuilder();
            while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
                char c = pattern.charAt(at);
                Set<String> groupRequires = null;
                int literal = -1;
                boolean consumesText = true;
                if (c == '(') {
                    at++;
                    if (at < pattern.length() && pattern.charAt(at) == '?') {
                        if (at + 1 < pattern.length() && pattern.charAt(at + 1) == ':') {
                            at += 2;
                        } else {
                            throw new Unsupported(); // lookaround, inline flags, named or atomic groups
                        }
                    }
                    groupRequires = alternation();
                    if (at >= pattern.length() || pattern.charAt(at) != ')') {
                        throw new Unsupported();
                    }
                    at++;
                } else if (c == '[') {
                    skipClass();
                } else if (c == '.') {
                    at++;
                } else if (c == '^' || c == '$') {
                    at++;
                    consumesText = false;
                } else if (c == '\\') {
                    at++;
                    if (at >= pattern.length()) {
                        throw new Unsupported();
                    }
                    char escaped = pattern.charAt(at++);
                    if ("bBAzZG".indexOf(escaped) >= 0) {
                        consumesText = false;
                    } else if ("dDsSwWhHvVRXtnrfae".indexOf(escaped) >= 0) {
                        // a class or a control character: matched, but not as a literal here
                    } else if (Character.isLetterOrDigit(escaped) || Character.isSurrogate(escaped)) {
                        throw new Unsupported(); // back-references, quoting, properties, hex, Unicode and named escapes
                    } else {
                        literal = escaped;
                    }
                } else if (c == '{' || c == '*' || c == '+' || c == '?') {
                    throw new Unsupported(); // a quantifier without an atom: not expected in a compiled pattern
                } else if (Character.isSurrogate(c)) {
                    throw new Unsupported();
                } else {
                    at++;
                    literal = c;
                }
                int minimum = quantifierMinimum();
                if (literal >= 0 && minimum == -1) {
                    run.append((char) foldedLiteral(literal));
                    continue;
                }
                best = better(best, run);
                run.setLength(0);
                if (!consumesText) {
                    continue;
                }
                int times = minimum == -1 ? 1 : minimum;
                if (times >= 1 && groupRequires != null) {
                    best = better(best, groupRequires);
                } else if (times >= 1 && literal >= 0) {
                    best = better(best, Set.of(String.valueOf((char) foldedLiteral(literal))));
                }
            }
            return better(best, run);
        }

        /** The minimum of the quantifier at the current position, consumed; -1 when there is none (exactly once). */
        private int quantifierMinimum() throws Unsupported {
            if (at >= pattern.length()) {
                return -1;
            }
            char c = pattern.charAt(at);
            int minimum;
            if (c == '?' || c == '*') {
                at++;
                minimum = 0;
            } else if (c == '+') {
                at++;
                minimum = 1;
            } else if (c == '{') {
                int close = pattern.indexOf('}', at);
                if (close < 0) {
                    throw new Unsupported();
                }
                String bounds = pattern.substring(at + 1, close);
                if (!bounds.matches("\\d{1,9}(,\\d{0,9})?")) {
                    throw new Unsupported();
                }
                int comma = bounds.indexOf(',');
                minimum = Integer.parseInt(comma < 0 ? bounds : bounds.substring(0, comma));
                at = close + 1;
            } else {
                return -1;
            }
            if (at < pattern.length() && (pattern.charAt(at) == '?' || pattern.charAt(at) == '+')) {
                at++; // reluctant or possessive: the same minimum
            }
            if (at < pattern.length() && "?*+{".indexOf(pattern.charAt(at)) >= 0) {
                throw new Unsupported();
            }
            return minimum;
        }

        /** Skips a character class; nested classes and escapes that need more than one character are not read. */
        private void skipClass() throws Unsupported {
            at++; // '['
            if (at < pattern.length() && pattern.charAt(at) == '^') {
                at++;
            }
            if (at < pattern.length() && pattern.charAt(at) == ']') {
                at++; // a literal ']' first
            }
            while (at < pattern.length()) {
                char c = pattern.charAt(at);
                if (c == ']') {
                    at++;
                    return;
                }
                if (c == '[') {
                    throw new Unsupported();
                }
                if (c == '\\') {
                    if (at + 1 >= pattern.length() || "pPQxuNc0".indexOf(pattern.charAt(at + 1)) >= 0) {
                        throw new Unsupported();
                    }
                    at += 2;
                    continue;
                }
                at++;
            }
            throw new Unsupported();
        }

        /**
         * A pattern literal as case-insensitive Unicode matching compares it. A literal whose folding is not stable
         * (folding it again gives another character), or leaves the Basic Multilingual Plane, is not screened on.
         */
        private static int foldedLiteral(int c) throws Unsupported {
            int folded = foldCodePoint(c);
            if (folded > 0xFFFF || foldCodePoint(folded) != folded) {
                throw new Unsupported();
            }
            return folded;
        }

        private static Set<String> better(Set<String> best, StringBuilder run) {
            return run.length() == 0 ? best : better(best, Set.of(run.toString()));
        }

        private static Set<String> better(Set<String> best, Set<String> candidate) {
            if (candidate.isEmpty()) {
                return best;
            }
            if (best == null || shortest(candidate) > shortest(best)) {
                return candidate;
            }
            return best;
        }

        private static int shortest(Set<String> literals) {
            int shortest = Integer.MAX_VALUE;
            for (String literal : literals) {
                shortest = Math.min(shortest, literal.length());
            }
            return shortest;
        }
    }
}
