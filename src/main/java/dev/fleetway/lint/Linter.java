package dev.fleetway.lint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.sql.SqlScript;

/**
 * Lints migrations for locking and blue-green hazards: statements that break the version still running while
 * the migration is applied, or that block it behind a long lock. Static only: it reads the SQL, never a database.
 *
 * <p>Each script is split into statements ({@link SqlScript}), each statement is parsed with JSqlParser (see
 * {@link StatementReader} for why that parser and what it is helped with), and the {@link Rule}s are applied in
 * script order, so that what a migration did earlier counts: a table it created is new (nothing running uses it),
 * a validated {@code CHECK (col IS NOT NULL)} makes {@code SET NOT NULL} safe, and a {@code SET lock_timeout}
 * covers the {@code ALTER TABLE}s after it. {@code -- fleetway:allow} comments suppress findings
 * ({@link Suppressions}); suppressed findings are still returned, marked as such.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class Linter {
    private final StatementReader reader = new StatementReader();
    private final StatementRules rules;

    /**
     * @param fleetwayLockTimeoutEnabled whether Fleetway itself sets a {@code lock_timeout} around migrations; when
     *        it does, a migration need not set one and {@code missing-lock-timeout} never fires
     */
    public Linter(boolean fleetwayLockTimeoutEnabled) {
        this.rules = new StatementRules(fleetwayLockTimeoutEnabled);
    }

    /**
     * The findings of one migration, suppressed ones included, in {@link Finding#ORDER}. Empty for a clean file
     * and for down scripts ({@code U…}), which run only on revert, where dropping is the point. Never throws for
     * bad SQL: what the parser cannot read becomes an {@code unparsed} info finding or is skipped.
     */
    public List<Finding> lint(MigrationFile file) {
        if (!file.kind().isMigration()) {
            return List.of();
        }
        SqlScript script = SqlScript.of(file.content());
        Suppressions suppressions = Suppressions.of(script);
        FileState state = new FileState(file.path(), file.nonTransactional());
        List<Finding> findings = new ArrayList<>();
        List<SqlScript.Statement> statements = script.statements();
        for (int i = 0; i < statements.size(); i++) {
            SqlScript.Statement statement = statements.get(i);
            StatementReader.Reading reading = reader.read(file.content(), statement);
            findings.addAll(suppressions.apply(file.path(), i, rules.check(statement, reading, state)));
        }
        return onceMissingLockTimeout(findings).stream().sorted(Finding.ORDER).toList();
    }

    /** Lints every file; the report holds the findings of all of them. */
    public LintReport lint(Collection<MigrationFile> files) {
        List<Finding> all = new ArrayList<>();
        files.forEach(f -> all.addAll(lint(f)));
        return new LintReport(all);
    }

    /**
     * One {@code SET lock_timeout} at the top fixes every {@code ALTER TABLE} of a file, so the warning is given
     * once: at the first unsuppressed {@code ALTER TABLE} without one. Suppressed ones before it stay listed.
     */
    private static List<Finding> onceMissingLockTimeout(List<Finding> findings) {
        List<Finding> kept = new ArrayList<>();
        boolean reported = false;
        for (Finding f : findings) {
            boolean lockTimeout = f.rule().equals(Rule.MISSING_LOCK_TIMEOUT.id());
            if (lockTimeout && !f.suppressed() && reported) {
                continue;
            }
            reported |= lockTimeout && !f.suppressed();
            if (!(lockTimeout && f.suppressed() && reported)) {
                kept.add(f);
            }
        }
        return kept;
    }
}
