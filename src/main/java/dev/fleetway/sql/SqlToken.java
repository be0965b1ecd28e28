package dev.fleetway.sql;

/**
 * One lexical token of a PostgreSQL script, as {@link SqlScanner} cuts it.
 *
 * @param kind what sort of token it is
 * @param text the token exactly as written (quotes, dollar tags and comment markers included)
 * @param line the 1-based line on which it starts
 * @param start offset of its first character in the script
 * @param end offset just past its last character
 */
public record SqlToken(Kind kind, String text, int line, int start, int end) {

    public enum Kind {
        WORD, QUOTED_IDENTIFIER, STRING, DOLLAR_STRING, NUMBER, PARAMETER, OPERATOR, PUNCTUATION,
        LINE_COMMENT, BLOCK_COMMENT
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True for punctuation or an operator spelled exactly {@code symbol}. */
    public boolean is(String symbol) {
        return (kind == Kind.PUNCTUATION || kind == Kind.OPERATOR) && text.equals(symbol);
    }

    public boolean isComment() {
        return kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
    }

    /** True for a token that can be (part of) a name: a word or a quoted identifier. */
    public boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The line on which the token ends (strings, dollar bodies and block comments may span lines). */
    public int endLine() {
        return line + (int) text.chars().filter(c -> c == '\n').count();
    }
}
