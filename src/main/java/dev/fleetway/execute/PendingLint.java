package dev.fleetway.execute;

import java.util.List;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.lint.Finding;
import dev.fleetway.lint.LintReport;
import dev.fleetway.lint.Linter;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/** {@code upgrade --lint}: a target whose pending migrations have error-level findings is refused, before any change. */
final class PendingLint {
    private PendingLint() {
    }

    static void refuseErrors(Target target, List<MigrationFile> pending, boolean lockTimeoutEnabled) {
        LintReport report = new Linter(lockTimeoutEnabled).lint(pending);
        List<Finding> errors = report.findings().stream().filter(Finding::failing).toList();
        if (!errors.isEmpty()) {
            Finding first = errors.get(0);
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + errors.size()
                    + " lint error(s) in pending migrations, first " + first.file() + ":" + first.line() + " ["
                    + first.rule() + "] " + first.reason() + " — " + first.fix() + ", or allow it with"
                    + " '-- fleetway:allow " + first.rule() + " <reason>' (see 'fleetway lint')");
        }
    }
}
