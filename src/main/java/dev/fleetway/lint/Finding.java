package dev.fleetway.lint;

import java.util.Comparator;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One hazard the linter found in one statement.
 *
 * @param file the migration's path as {@link dev.fleetway.source.MigrationFile#path()} gives it
 * @param line the 1-based line of the statement (or of the clause of an {@code ALTER TABLE}) it is about
 * @param rule the rule id, kebab-case, e.g. {@code drop-column}
 * @param severity how bad it is
 * @param reason one line: what the statement does to the running version
 * @param fix one line: the safe alternative
 * @param suppressed true when a {@code -- fleetway:allow <rule> <reason>} comment allows it
 * @param suppressionReason the reason given in that comment; null when not suppressed, empty when none was given
 */
@RegisterForReflection
@JsonPropertyOrder({ "file", "line", "rule", "severity", "reason", "fix", "suppressed", "suppressionReason" })
public record Finding(String file, int line, String rule, Severity severity, String reason, String fix,
        boolean suppressed, String suppressionReason) {

    /** The stable order of reports: by file, line and rule, then by the rest so that no two findings tie. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::rule)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::reason)
            .thenComparing(Finding::suppressed);

    /** This finding, allowed by a suppression comment that gives {@code why} (empty when it gives none). */
    public Finding suppress(String why) {
        return new Finding(file, line, rule, severity, reason, fix, true, why);
    }

    /** True for an error that no suppression allows: what makes {@code fleetway lint} fail. */
    public boolean failing() {
        return severity == Severity.ERROR && !suppressed;
    }
}
