package dev.fleetway.cli;

import java.util.concurrent.Callable;

import dev.fleetway.report.Direction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway revert} (alias {@code downgrade}): {@code migrate --revert}. */
@Command(name = "revert", header = "Revert applied migrations with their down scripts (= migrate --revert).", aliases = "downgrade", mixinStandardHelpOptions = true,
        description = "Revert applied migrations, newest first, by running their U<version>__*.sql down "
                + "scripts (or the layout's down files), each in one transaction with the removal of its history "
                + "row; one marked non-transactional runs outside a transaction and its row is removed once it "
                + "succeeded. No bound: the newest "
                + "migration; --to-baseline: everything above the baseline; --target V: down to (and excluding) V; "
                + "--count N: the newest N. More than one migration, or more than one target (--all, --tenant), "
                + "is confirmed at a terminal, or with --yes. Refuses, before changing anything, a missing down "
                + "script, a checksum mismatch or a failed entry. Same as 'migrate --revert'.")
public class RevertCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    MigrateOptions options;

    private final Prompt prompt;

    /** Used by Quarkus: prompts on the process's terminal. */
    public RevertCommand() {
        this(Prompt.system());
    }

    /** Used by tests: prompts read {@code prompt}. */
    RevertCommand(Prompt prompt) {
        this.prompt = prompt;
    }

    @Override
    public Integer call() throws Exception {
        // Down scripts run with the configured lock_timeout and retries; --lint and index repair are for applying.
        return MigrateCommand.run(top, spec, options, new ApplyOptions(), Direction.DOWN, prompt);
    }
}
