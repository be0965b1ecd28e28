package dev.fleetway.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.fleetway.FleetwayException;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.Direction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway migrate}: applies (default) or reverts migrations, all at once, bounded, or step by step. */
@Command(name = "migrate", header = "Apply or revert migrations: all, bounded, or step by step.", mixinStandardHelpOptions = true,
        description = "Apply (default) or revert migrations on the selected targets (default: the default "
                + "database; --tenant ID, or --all for every target). Without a bound, apply applies everything "
                + "pending, like 'upgrade', and revert reverts the newest migration by running its down script "
                + "U<version>__*.sql. --step asks before each migration; --dry-run prints the SQL, changes nothing. "
                + "Reverting more than one migration, or on more than one target, asks first (--yes without a "
                + "terminal).")
public class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    MigrateOptions options;

    @Mixin
    ApplyOptions safety;

    @Option(names = { "-a", "--apply" }, description = "Apply pending migrations (the default).")
    boolean apply;

    @Option(names = { "-r", "--revert" }, description = "Revert applied migrations, newest first (same as 'revert').")
    boolean revert;

    private final Prompt prompt;

    /** Used by Quarkus: prompts on the process's terminal. */
    public MigrateCommand() {
        this(Prompt.system());
    }

    /** Used by tests: prompts read {@code prompt}. */
    MigrateCommand(Prompt prompt) {
        this.prompt = prompt;
    }

    @Override
    public Integer call() throws Exception {
        if (apply && revert) {
            throw FleetwayException.usage("--apply and --revert exclude each other — choose one");
        }
        return run(top, spec, options, safety, revert ? Direction.DOWN : Direction.UP, prompt);
    }

    /** Shared with {@link RevertCommand}: checks the options before reading any configuration, then runs. */
    static int run(FleetwayCommand top, CommandSpec spec, MigrateOptions options, ApplyOptions safety,
            Direction direction, Prompt prompt) throws Exception {
        Bound bound = options.bound();
        if (bound.kind() == Bound.Kind.STEP) {
            StepMode.requireTerminal(prompt);
        }
        Context ctx = top.context(spec, Map.of());
        return MigrateRun.run(ctx, options, bound, direction, prompt, ctx.applyPolicy(safety));
    }
}
