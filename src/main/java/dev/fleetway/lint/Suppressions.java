package dev.fleetway.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.fleetway.source.Directive;
import dev.fleetway.sql.SqlScript;
import dev.fleetway.sql.SqlToken;

/**
 * The {@code -- fleetway:allow <rule-id>[,<rule-id>…] <reason>} suppressions of one script, read with the one
 * directive grammar ({@link Directive}).
 *
 * <p>A suppression belongs to exactly one statement: the one whose text contains it, the one ending on its line
 * (a trailing comment after the semicolon), or else the next statement when only comment lines separate them
 * (a blank line breaks the link). One that belongs to no statement is ignored. A suppression without a reason
 * still suppresses, but is itself reported as {@link Rule#SUPPRESSION_WITHOUT_REASON}.
 */
final class Suppressions {
    /** One allow comment: the rules it names, why, and where it is. */
    private record Allow(Set<String> rules, String reason, int line) {
    }

    private final Map<Integer, List<Allow>> byStatement;

    private Suppressions(Map<Integer, List<Allow>> byStatement) {
        this.byStatement = byStatement;
    }

    /** Reads the directives of {@code script}. */
    static Suppressions of(SqlScript script) {
        Map<Integer, List<Allow>> byStatement = new HashMap<>();
        for (SqlToken comment : script.comments()) {
            Directive directive = Directive.parse(comment).orElse(null);
            if (directive != null && directive.kind() == Directive.Kind.ALLOW) {
                int owner = owner(script, comment);
                if (owner >= 0) {
                    byStatement.computeIfAbsent(owner, k -> new ArrayList<>()).add(allow(directive));
                }
            }
        }
        return new Suppressions(byStatement);
    }

    /**
     * Marks the findings of statement {@code index} that its allow comments name as suppressed, and adds a
     * {@link Rule#SUPPRESSION_WITHOUT_REASON} finding for each of its allow comments that gives no reason.
     */
    List<Finding> apply(String file, int index, List<Finding> findings) {
        List<Allow> allows = byStatement.getOrDefault(index, List.of());
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Allow allow = allows.stream().filter(a -> a.rules().contains(f.rule())).findFirst().orElse(null);
            out.add(allow == null ? f : f.suppress(allow.reason()));
        }
        for (Allow a : allows) {
            if (a.reason().isEmpty()) {
                String named = a.rules().isEmpty() ? "<rule-id>" : String.join(",", a.rules().stream().sorted().toList());
                out.add(Rule.SUPPRESSION_WITHOUT_REASON.at(file, a.line(), named));
            }
        }
        return out;
    }

    private static Allow allow(Directive directive) {
        String rest = directive.argument();
        int line = directive.line();
        int space = indexOfWhitespace(rest);
        String ids = space < 0 ? rest : rest.substring(0, space);
        String reason = space < 0 ? "" : rest.substring(space).trim();
        Set<String> rules = ids.isEmpty() ? Set.of()
                : Set.copyOf(List.of(ids.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        return new Allow(rules, reason, line);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the statement {@code comment} belongs to, or -1. */
    private static int owner(SqlScript script, SqlToken comment) {
        List<SqlScript.Statement> statements = script.statements();
        for (int i = 0; i < statements.size(); i++) {
            SqlScript.Statement s = statements.get(i);
            if (comment.start() >= s.start() && comment.start() < s.end()) {
                return i;
            }
            if (s.start() > comment.start()) {
                boolean trailing = i > 0 && statements.get(i - 1).endLine() == comment.line();
                if (trailing) {
                    return i - 1;
                }
                return onlyCommentsBetween(script, comment.line(), s.line()) ? i : -1;
            }
        }
        boolean trailing = !statements.isEmpty() && statements.get(statements.size() - 1).endLine() == comment.line();
        return trailing ? statements.size() - 1 : -1;
    }

    /** True when {@code from} and every line after it up to (excluding) {@code to} hold comments only. */
    private static boolean onlyCommentsBetween(SqlScript script, int from, int to) {
        if (script.hasCode(from)) {
            return false;
        }
        for (int line = from + 1; line < to; line++) {
            int l = line;
            boolean commented = script.comments().stream().anyMatch(c -> c.line() <= l && c.endLine() >= l);
            if (!commented || script.hasCode(line)) {
                return false;
            }
        }
        return true;
    }
}
