package dev.fleetway.sql;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A migration script split into statements the way psql splits it: at semicolons outside strings,
 * quoted identifiers, dollar-quoted bodies and comments, and outside the {@code BEGIN ATOMIC … END} body of
 * a SQL-standard function or procedure. This is lexing, not linting: what each statement means is left to
 * the SQL parser ({@link StatementReader}).
 */
public final class SqlScript {

    /**
     * One statement of the script.
     *
     * @param tokens its tokens without comments, without the terminating semicolon; never empty
     * @param comments the comments between its first token and its end
     * @param line the line of its first token
     * @param start offset of its first token
     * @param end offset just past its terminating semicolon (or its last token when the script ends without one)
     * @param endLine the line on which it ends
     */
    public record Statement(List<SqlToken> tokens, List<SqlToken> comments, int line, int start, int end, int endLine) {

        /** The statement's text as written, from its first to its last token, comments included. */
        public String text(String script) {
            return script.substring(start, tokens.get(tokens.size() - 1).end());
        }
    }

    private final List<Statement> statements;
    private final List<SqlToken> comments;
    private final BitSet codeLines;

    private SqlScript(List<Statement> statements, List<SqlToken> comments, BitSet codeLines) {
        this.statements = statements;
        this.comments = comments;
        this.codeLines = codeLines;
    }

    /** Splits {@code sql}; never fails (unterminated strings or comments run to the end of the text). */
    public static SqlScript of(String sql) {
        List<Statement> statements = new ArrayList<>();
        List<SqlToken> comments = new ArrayList<>();
        BitSet codeLines = new BitSet();
        List<SqlToken> current = new ArrayList<>();
        List<SqlToken> inner = new ArrayList<>();
        int atomicDepth = 0;
        for (SqlToken t : SqlScanner.scan(sql)) {
            if (t.isComment()) {
                comments.add(t);
                if (!current.isEmpty()) {
                    inner.add(t);
                }
                continue;
            }
            codeLines.set(t.line(), t.endLine() + 1);
            if (t.is(";") && atomicDepth == 0) {
                if (!current.isEmpty()) {
                    statements.add(statement(current, inner, t.end(), t.line()));
                }
                current = new ArrayList<>();
                inner = new ArrayList<>();
                continue;
            }
            current.add(t);
            atomicDepth = atomicDepth(atomicDepth, current, t);
        }
        if (!current.isEmpty()) {
            SqlToken last = current.get(current.size() - 1);
            statements.add(statement(current, inner, last.end(), last.endLine()));
        }
        return new SqlScript(List.copyOf(statements), List.copyOf(comments), codeLines);
    }

    /**
     * Tracks nesting inside {@code BEGIN ATOMIC … END}, where semicolons do not end the statement; psql counts
     * {@code BEGIN}/{@code CASE} against {@code END} the same way.
     */
    private static int atomicDepth(int depth, List<SqlToken> current, SqlToken t) {
        if (depth > 0) {
            if (t.isWord("BEGIN") || t.isWord("CASE")) {
                return depth + 1;
            }
            return t.isWord("END") ? depth - 1 : depth;
        }
        boolean beginAtomic = t.isWord("ATOMIC") && current.size() > 1 && current.get(current.size() - 2).isWord("BEGIN");
        return beginAtomic && definesRoutine(current) ? 1 : 0;
    }

    private static boolean definesRoutine(List<SqlToken> tokens) {
        if (!tokens.get(0).isWord("CREATE")) {
            return false;
        }
        return tokens.stream().limit(5).anyMatch(t -> t.isWord("FUNCTION") || t.isWord("PROCEDURE"));
    }

    private static Statement statement(List<SqlToken> tokens, List<SqlToken> comments, int end, int endLine) {
        SqlToken first = tokens.get(0);
        return new Statement(List.copyOf(tokens), List.copyOf(comments), first.line(), first.start(), end, endLine);
    }

    /** The statements in script order. */
    public List<Statement> statements() {
        return statements;
    }

    /** Every comment of the script, in order. */
    public List<SqlToken> comments() {
        return comments;
    }

    /** True when some token other than a comment starts or continues on {@code line}. */
    public boolean hasCode(int line) {
        return codeLines.get(line);
    }
}
