package dev.fleetway.provision;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.sql.SqlScanner;
import dev.fleetway.sql.SqlToken;

/**
 * Whether a copy of a template database would be what migrating the new database gives. It would not be when the
 * migrations (or SQL callbacks) use a value that differs per database, or set state that
 * {@code CREATE DATABASE … TEMPLATE} does not copy:
 * <ul>
 * <li>the placeholders {@code ${flyway:database}}, {@code ${flyway:defaultSchema}}, {@code ${flyway:timestamp}},
 * {@code ${fleetway:tenant}} and {@code ${fleetway:schema}} (the copy would hold the template's values);</li>
 * <li>{@code current_database()} (a value stored while migrating would be the template's name);</li>
 * <li>database-level state: {@code ALTER DATABASE} ({@code … SET}, {@code … OWNER}), anything {@code ON DATABASE}
 * ({@code GRANT}, {@code REVOKE}, {@code COMMENT}, {@code SECURITY LABEL}) and {@code ALTER ROLE … IN DATABASE}.</li>
 * </ul>
 * The check reads the text outside comments, string and dollar-quoted bodies included (a {@code DO} block that
 * builds an {@code ALTER DATABASE} counts): it errs on the side of migrating.
 */
final class TemplateFit {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$\\{(flyway:(?:database|defaultSchema|timestamp)|fleetway:(?:tenant|schema))}", Pattern.CASE_INSENSITIVE);
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("\\bALTER\\s+DATABASE\\b", Pattern.CASE_INSENSITIVE),
                    "sets database-level state (ALTER DATABASE), which a copy of a template does not get"),
            new Rule(Pattern.compile("\\bON\\s+DATABASE\\b", Pattern.CASE_INSENSITIVE),
                    "sets database-level state (… ON DATABASE), which a copy of a template does not get"),
            new Rule(Pattern.compile("\\bIN\\s+DATABASE\\b", Pattern.CASE_INSENSITIVE),
                    "sets database-level state (ALTER ROLE … IN DATABASE), which a copy of a template does not get"),
            new Rule(Pattern.compile("\\bcurrent_database\\s*\\(", Pattern.CASE_INSENSITIVE),
                    "uses current_database(), whose value would be the template's"));

    private record Rule(Pattern pattern, String says) {
    }

    private TemplateFit() {
    }

    /**
     * Why the new database must be migrated rather than copied: the first file (in path order) that prevents a copy
     * and why, e.g. {@code V3__settings.sql sets database-level state (ALTER DATABASE)}; empty when a copy is right.
     */
    static Optional<String> misfit(MigrationSource source) {
        for (MigrationFile file : source.files()) {
            if (file.kind() == MigrationFile.Kind.UNDO) {
                continue; // down scripts never run while provisioning
            }
            Optional<String> why = misfit(file.content());
            if (why.isPresent()) {
                return Optional.of(file.filename() + " " + why.get());
            }
        }
        return Optional.empty();
    }

    /** Why one script prevents a copy; empty when it does not. */
    static Optional<String> misfit(String script) {
        Matcher placeholder = PLACEHOLDER.matcher(script);
        if (placeholder.find()) {
            return Optional.of("uses ${" + placeholder.group(1) + "}, whose value would be the template's");
        }
        String code = SqlScanner.scan(script).stream().filter(t -> !t.isComment()).map(SqlToken::text)
                .collect(Collectors.joining(" "));
        return RULES.stream().filter(r -> r.pattern().matcher(code).find()).map(Rule::says).findFirst();
    }
}
