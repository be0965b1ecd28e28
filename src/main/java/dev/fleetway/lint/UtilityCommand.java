package dev.fleetway.lint;

import java.util.List;
import java.util.Locale;

import dev.fleetway.sql.SqlToken;

/**
 * A {@code VACUUM}, {@code CLUSTER} or {@code LOCK} statement. JSqlParser 5.3 has no grammar for these;
 * PostgreSQL names each by its first keyword and the rules need only its options and first table, so they are
 * recognised from their leading tokens:
 * {@code VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [name]}, {@code VACUUM (option [value], …) [name]},
 * {@code CLUSTER [VERBOSE] [name [USING index]]}, {@code CLUSTER index ON name} and
 * {@code LOCK [TABLE] [ONLY] name [, …] [IN mode MODE] [NOWAIT]}.
 *
 * @param command {@code VACUUM}, {@code CLUSTER} or {@code LOCK}
 * @param full for {@code VACUUM}: whether the {@code FULL} option is on
 * @param target the first table named, as written; null when none is (the whole database)
 */
record UtilityCommand(String command, boolean full, String target) {
    private static final List<String> VACUUM_WORDS = List.of("FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE");

    /** The command {@code t} is, or null when it starts with another keyword. */
    static UtilityCommand recognise(Tokens t) {
        SqlToken first = t.get(0);
        if (first.isWord("LOCK")) {
            return new UtilityCommand("LOCK", false, t.name(t.skip(t.skip(1, "TABLE"), "ONLY")));
        }
        if (!first.isWord("VACUUM") && !first.isWord("CLUSTER")) {
            return null;
        }
        boolean full = false;
        int i = 1;
        if (i < t.size() && t.get(i).is("(")) {
            for (int depth = 0; i < t.size(); i++) {
                depth += t.get(i).is("(") ? 1 : t.get(i).is(")") ? -1 : 0;
                full |= depth == 1 && t.get(i).isWord("FULL") && !switchedOff(t, i + 1);
                if (depth == 0) {
                    i++;
                    break;
                }
            }
        } else {
            while (i < t.size() && VACUUM_WORDS.stream().anyMatch(t.get(i)::isWord)) {
                full |= t.get(i++).isWord("FULL");
            }
        }
        String target = t.name(i);
        int after = t.nameEnd(i);
        if (first.isWord("CLUSTER") && after < t.size() && t.get(after).isWord("ON")) {
            target = t.name(after + 1);
        }
        return new UtilityCommand(first.text().toUpperCase(Locale.ROOT), full, target);
    }

    /** True when the option value at {@code i} turns the option off ({@code false}, {@code off} or {@code 0}). */
    private static boolean switchedOff(Tokens t, int i) {
        return i < t.size() && (t.get(i).isWord("false") || t.get(i).isWord("off") || t.get(i).text().equals("0"));
    }
}
