package dev.fleetway.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.execute.Adoption;
import dev.fleetway.execute.Outcome;
import dev.fleetway.plan.AdoptSource;
import dev.fleetway.report.AdoptOutcome;
import dev.fleetway.report.AdoptResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway adopt}: takes over databases another migration tool migrated. */
@Command(name = "adopt", header = "Take over databases another migration tool migrated.", mixinStandardHelpOptions = true,
        description = { "Read what another tool recorded as applied in each selected target and write the same",
                "migrations as Fleetway history, so that the next 'upgrade' applies only what is new. Nothing is",
                "re-applied; the other tool's table is left as it is. --from names what recorded the state",
                "(independent of --layout, which says how the files are named). Refused before any change (exit 4):",
                "a dirty or failed state, a recorded version without a file, a sqlx checksum that differs from the",
                "file, Fleetway history that differs. Running it again is a no-op (exit 0); it takes each target's",
                "lock, so several runners may run it at once." })
public class AdoptCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--from", paramLabel = "TOOL",
            description = "What recorded the state: golang-migrate, sqlx, dbmate, hasura or flyway.")
    String from;

    @Option(names = "--from-query", paramLabel = "SQL",
            description = "Instead of --from: a query on each target returning one applied version per row, e.g."
                    + " \"SELECT migration_id FROM migrations.schema_migrations\".")
    String query;

    @Option(names = "--state-table", paramLabel = "[SCHEMA.]TABLE",
            description = "The state table, when it is not the tool's default (schema_migrations,"
                    + " _sqlx_migrations; for flyway another history table, e.g. schema_version).")
    String table;

    @Option(names = "--hasura-metadata-url", paramLabel = "URL",
            description = "Hasura's metadata database, when it is not the target's own (postgresql://…).")
    String hasuraMetadataUrl;

    @Option(names = "--hasura-source", paramLabel = "NAME",
            description = "The Hasura source the state is kept under (default: default; {tenant} stands for the"
                    + " target's id).")
    String hasuraSource;

    @Option(names = "--dry-run", description = "Print the history rows that would be written; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        AdoptSource source = AdoptSource.of(Optional.ofNullable(from), Optional.ofNullable(query),
                Optional.ofNullable(table), Optional.ofNullable(hasuraMetadataUrl), Optional.ofNullable(hasuraSource));
        Context ctx = top.context(spec, Map.of());
        Selection chosen = selection.selection();
        List<Outcome<AdoptResult>> outcomes = new Adoption(ctx.fleet()).run(ctx.select(selection, false),
                selection.runner(ctx), source, dryRun);
        return FleetOutput.report(ctx, chosen.isFleet(), outcomes, AdoptCommand::describe, AdoptResult::changed);
    }

    /** One line for a target's adoption. */
    static String describe(Target target, AdoptResult r) {
        String left = r.pending() + " migration(s) left for 'fleetway upgrade'";
        return target.describe() + ": " + switch (r.outcome()) {
            case ADOPTED, WOULD_ADOPT -> (r.outcome() == AdoptOutcome.ADOPTED ? "adopted" : "would adopt") + " the "
                    + r.from() + " state (" + r.state() + "): " + (r.createsHistory() ? "history table created, " : "")
                    + r.rows().size() + " history row(s)" + (r.rows().isEmpty() ? "" : " up to version " + r.version()
                            + rows(r)) + "; " + left;
            case ALREADY_ADOPTED -> "already adopted (" + r.state() + "), the history is at version "
                    + UpgradeCommand.orNone(r.version()) + "; nothing written; " + left;
            case NOTHING_TO_ADOPT -> "nothing to adopt (" + r.state() + ") and an empty schema; 'fleetway upgrade'"
                    + " installs it";
        };
    }

    private static String rows(AdoptResult r) {
        List<String> scripts = r.rows().stream().map(AdoptResult.Row::script).toList();
        return scripts.size() <= 3 ? " (" + String.join(", ", scripts) + ")"
                : " (" + scripts.get(0) + " … " + scripts.get(scripts.size() - 1) + ")";
    }
}
