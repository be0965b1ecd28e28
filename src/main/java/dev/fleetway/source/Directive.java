package dev.fleetway.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.fleetway.sql.SqlScanner;
import dev.fleetway.sql.SqlToken;

/**
 * One {@code -- fleetway:…} comment of a migration script. This is the one grammar for them: the linter, the
 * executor and the Flyway configuration all read directives through {@link #parse} and {@link #of}, so a
 * script the linter treats as non-transactional is also run as one.
 *
 * <pre>
 * -- fleetway:non-transactional [reason]      run the script outside a transaction, without lock_timeout
 * -- fleetway:allow RULE[,RULE…] [reason]     accept the named lint findings of the statement it belongs to
 * </pre>
 *
 * The keyword is case-insensitive and may follow {@code --} with or without spaces; it ends at the end of the
 * comment, at white space or at {@code (}; what follows is the {@link #argument}, e.g. {@code (index build)}.
 * Only line comments carry directives, and only outside strings and dollar-quoted bodies (a function body that
 * mentions the keyword declares nothing). A comment that starts with {@code fleetway:} but names no known keyword
 * is {@link Kind#UNKNOWN}, so that a typo can be reported instead of silently ignored.
 *
 * @param kind which directive
 * @param argument the text after the keyword, trimmed; empty when there is none
 * @param line the 1-based line of the comment
 * @param comment the comment token, for callers that place it among statements
 */
public record Directive(Kind kind, String argument, int line, SqlToken comment) {
    private static final String PREFIX = "fleetway:";

    /** The directives Fleetway knows. */
    public enum Kind {
        /** {@code fleetway:non-transactional}: the script runs outside a transaction and without lock_timeout. */
        NON_TRANSACTIONAL("non-transactional"),
        /** {@code fleetway:allow}: lint findings of the statement are accepted, with a reason. */
        ALLOW("allow"),
        /** {@code fleetway:} followed by anything else: most likely a typo of one of the above. */
        UNKNOWN("");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The keyword after {@code fleetway:}. */
        public String keyword() {
            return keyword;
        }
    }

    /** The directive {@code comment} holds, or empty when it is not a line comment starting with {@code fleetway:}. */
    public static Optional<Directive> parse(SqlToken comment) {
        if (comment.kind() != SqlToken.Kind.LINE_COMMENT) {
            return Optional.empty();
        }
        String body = comment.text().substring(2).strip();
        if (!body.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String rest = body.substring(PREFIX.length());
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != '(') {
            end++;
        }
        String keyword = rest.substring(0, end).toLowerCase(Locale.ROOT);
        Kind kind = Kind.UNKNOWN;
        for (Kind k : Kind.values()) {
            if (k != Kind.UNKNOWN && k.keyword().equals(keyword)) {
                kind = k;
            }
        }
        String argument = kind == Kind.UNKNOWN ? rest.strip() : rest.substring(end).strip();
        return Optional.of(new Directive(kind, argument, comment.line(), comment));
    }

    /** Every directive of {@code script}, in order. */
    public static List<Directive> of(String script) {
        List<Directive> directives = new ArrayList<>();
        if (!script.toLowerCase(Locale.ROOT).contains(PREFIX)) {
            return directives; // most scripts: no need to scan them
        }
        for (SqlToken token : SqlScanner.scan(script)) {
            parse(token).ifPresent(directives::add);
        }
        return directives;
    }

    /** Whether {@code script} declares {@code -- fleetway:non-transactional}, with or without a reason. */
    public static boolean declaresNonTransactional(String script) {
        return of(script).stream().anyMatch(d -> d.kind() == Kind.NON_TRANSACTIONAL);
    }
}
