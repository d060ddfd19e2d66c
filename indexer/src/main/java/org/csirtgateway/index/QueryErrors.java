package org.csirtgateway.index;

import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.IndexSearcher;

/**
 * Describes why a query cannot be parsed in one short line an analyst understands. Lucene's own messages list the
 * grammar's expected tokens over several lines; they are never shown.
 */
final class QueryErrors {

    private static final String PREFIX = "Cannot parse query: ";
    private static final int EXCERPT_CHARS = 24;

    private QueryErrors() {
    }

    /** A parse failure whose message is already meant for the analyst. */
    static final class ReadableParseException extends ParseException {
        ReadableParseException(String message) {
            super(message);
        }
    }

    static String describe(String query, ParseException wrapped) {
        // QueryParserBase.parse wraps the original failure, with the whole query in its message, as the cause.
        Throwable cause = wrapped.getCause() != null ? wrapped.getCause() : wrapped;
        if (cause instanceof IndexSearcher.TooManyClauses) {
            return PREFIX + "it has more than " + IndexSearcher.getMaxClauseCount() + " terms";
        }
        if (cause instanceof ReadableParseException) {
            return PREFIX + cause.getMessage();
        }
        String unbalanced = unbalanced(query);
        if (unbalanced != null) {
            return PREFIX + unbalanced;
        }
        if (cause instanceof ParseException parse && parse.currentToken != null) {
            return PREFIX + grammar(query, parse.currentToken.next);
        }
        if (cause instanceof TokenMgrError) {
            return PREFIX + "unexpected character or escape in '" + excerpt(query, 0) + "'";
        }
        // A semantic check of the parser, e.g. a leading wildcard: its message is one readable sentence.
        return PREFIX + firstLine(cause.getMessage());
    }

    /**
     * An unclosed quote, parenthesis, range bracket or regular expression, or a stray closing parenthesis; null
     * when all are balanced.
     */
    private static String unbalanced(String query) {
        int quoteAt = -1;
        int regexAt = -1;
        int rangeAt = -1;
        int openAt = -1;
        int depth = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\') {
                if (i == query.length() - 1) {
                    return "a backslash ends the query; write \\\\ for a backslash";
                }
                i++; // the escaped character is literal
            } else if (quoteAt >= 0 || regexAt >= 0) {
                // inside a phrase or a regular expression only its own closing character counts
                if (quoteAt >= 0 && c == '"') {
                    quoteAt = -1;
                } else if (regexAt >= 0 && c == '/') {
                    regexAt = -1;
                }
            } else if (c == '"') {
                quoteAt = i;
            } else if (c == '/' && rangeAt < 0) {
                regexAt = i;
            } else if (c == '[' || c == '{') {
                rangeAt = i;
            } else if (c == ']' || c == '}') {
                rangeAt = -1;
            } else if (c == '(' && depth++ == 0) {
                openAt = i;
            } else if (c == ')' && --depth < 0) {
                return "unbalanced parenthesis near '" + excerpt(query, i) + "'";
            }
        }
        if (quoteAt >= 0) {
            return "unclosed quote near '" + excerpt(query, quoteAt) + "'";
        }
        if (regexAt >= 0) {
            return "'/' starts a regular expression, unclosed near '" + excerpt(query, regexAt)
                    + "'; put a URL or path in quotes";
        }
        if (rangeAt >= 0) {
            return "unclosed range near '" + excerpt(query, rangeAt) + "'";
        }
        if (depth > 0) {
            return "unbalanced parenthesis near '" + excerpt(query, openAt) + "'";
        }
        return null;
    }

    private static String grammar(String query, Token offending) {
        if (offending == null || offending.kind == QueryParserConstants.EOF) {
            String end = query.strip();
            return "the query ends unexpectedly after '"
                    + excerpt(end, Math.max(0, end.length() - EXCERPT_CHARS)) + "'";
        }
        String hint = ":".equals(offending.image) ? "; put text containing ':' in quotes" : "";
        return "unexpected '" + excerpt(offending.image, 0) + "'" + position(query, offending) + hint;
    }

    /** " at character N" (1-based). Lucene's FastCharStream reports a token's 0-based offset as its column. */
    private static String position(String query, Token token) {
        int offset = token.beginColumn;
        if (offset < 0 || !query.startsWith(token.image, offset)) {
            return "";
        }
        return " at character " + (offset + 1);
    }

    /** A few characters of the query from {@code from}, on one line, marked when cut. */
    static String excerpt(String text, int from) {
        String rest = text.substring(Math.min(from, text.length())).replaceAll("\\s+", " ").strip();
        if (rest.length() <= EXCERPT_CHARS) {
            return rest;
        }
        int end = EXCERPT_CHARS;
        if (Character.isLowSurrogate(rest.charAt(end))) {
            end--;
        }
        return rest.substring(0, end) + "…";
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        if (line.isEmpty()) {
            return "invalid syntax";
        }
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }
}
