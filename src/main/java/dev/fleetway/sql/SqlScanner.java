package dev.fleetway.sql;

import java.util.ArrayList;
import java.util.List;

import dev.fleetway.sql.SqlToken.Kind;

/**
 * Cuts PostgreSQL text into tokens the way the server's lexer does for everything that matters when
 * splitting a script: {@code '…'} strings (with {@code ''}), {@code E'…'} strings (with backslash escapes),
 * {@code "…"} identifiers, {@code $$…$$} and {@code $tag$…$tag$} bodies, {@code --} comments and nested
 * {@code /* … *}{@code /} comments. It never fails: an unterminated string or comment runs to the end of the
 * text, and a character it does not know becomes a one-character operator.
 */
public final class SqlScanner {
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
    private static final String PUNCTUATION_CHARS = "(),;[].:";

    private final String sql;
    private int pos;
    private int line = 1;

    private SqlScanner(String sql) {
        this.sql = sql;
    }

    /** Every token of {@code sql}, comments included, in order. */
    public static List<SqlToken> scan(String sql) {
        return new SqlScanner(sql).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                pos++;
                continue;
            }
            int start = pos;
            Kind kind = next(c);
            SqlToken token = new SqlToken(kind, sql.substring(start, pos), line, start, pos);
            tokens.add(token);
            line = token.endLine();
        }
        return tokens;
    }

    /** Consumes one token starting with {@code c} and says what it was. */
    private Kind next(char c) {
        if (c == '-' && peek(1) == '-') {
            while (pos < sql.length() && sql.charAt(pos) != '\n') {
                pos++;
            }
            return Kind.LINE_COMMENT;
        }
        if (c == '/' && peek(1) == '*') {
            blockComment();
            return Kind.BLOCK_COMMENT;
        }
        if (c == '\'') {
            quoted('\'', false);
            return Kind.STRING;
        }
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            pos++;
            quoted('\'', true);
            return Kind.STRING;
        }
        if (c == '"') {
            quoted('"', false);
            return Kind.QUOTED_IDENTIFIER;
        }
        if (c == '$' && Character.isDigit(peek(1))) {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            return Kind.PARAMETER;
        }
        if (c == '$' && dollarBody()) {
            return Kind.DOLLAR_STRING;
        }
        if (isIdentifierStart(c)) {
            while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
                pos++;
            }
            return Kind.WORD;
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            number();
            return Kind.NUMBER;
        }
        if (PUNCTUATION_CHARS.indexOf(c) >= 0) {
            pos += c == ':' && peek(1) == ':' ? 2 : 1;
            return Kind.PUNCTUATION;
        }
        pos++;
        while (pos < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(pos)) >= 0
                && !sql.startsWith("--", pos) && !sql.startsWith("/*", pos)) {
            pos++;
        }
        return Kind.OPERATOR;
    }

    private void blockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** Consumes a quoted token from its opening quote; a doubled quote stands for itself. */
    private void quoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote && peek(1) == quote) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        pos = sql.length();
    }

    /** Consumes {@code $tag$ … $tag$} when a valid opening tag starts here; false (nothing consumed) otherwise. */
    private boolean dollarBody() {
        int j = pos + 1;
        if (j < sql.length() && isIdentifierStart(sql.charAt(j))) {
            while (j < sql.length() && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
                j++;
            }
        }
        if (j >= sql.length() || sql.charAt(j) != '$') {
            return false;
        }
        String tag = sql.substring(pos, j + 1);
        int close = sql.indexOf(tag, j + 1);
        pos = close < 0 ? sql.length() : close + tag.length();
        return true;
    }

    private void number() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            boolean exponent = (c == 'e' || c == 'E')
                    && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))));
            if (exponent) {
                pos += 2;
            } else if (Character.isDigit(c) || c == '.' || c == '_') {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
    }
}
