package dev.fleetway.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.Connector;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.execute.TargetSession;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.report.Format;
import dev.fleetway.report.Json;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.TenantDirectory;
import dev.fleetway.tenant.Targets;

/**
 * What one command run works with: the loaded configuration, the targets it describes, the migration
 * files (read once, on first use), and the command's output writer.
 */
final class Context {
    private final FleetwayConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Optional<Format> format;
    private final boolean quiet;
    private final Fleet fleet;

    Context(FleetwayConfig config, PrintWriter out, PrintWriter err, Optional<Format> format, boolean quiet) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.format = format;
        this.quiet = quiet;
        this.fleet = new Fleet(config);
    }

    /** The run's fleet: sessions, selection, fleet-wide upgrade and audit. */
    Fleet fleet() {
        return fleet;
    }

    FleetwayConfig config() {
        return config;
    }

    Targets targets() {
        return new Targets(config);
    }

    Connector connector() {
        return fleet.connector();
    }

    /** The Flyway factory over this run's migration files; the files are read on the first call. */
    FlywayFactory flyways() {
        return fleet.flyways();
    }

    /** Opens the target; {@code locked} takes its advisory lock, waiting at most {@code fleetway.lock-wait}. */
    TargetSession open(Target target, boolean locked) throws SQLException {
        return fleet.open(target, locked);
    }

    /** The tenants of the fleet, from every source. */
    TenantDirectory tenants() {
        return fleet.tenants();
    }

    /** The targets the options select; just the default database when no selector is given. */
    List<Target> select(SelectionOptions options) throws SQLException {
        return fleet.select(options.selection());
    }

    /** A runner for the selected targets, with progress on a terminal. */
    FleetRunner runner(SelectionOptions options, int targets) {
        int parallel = options.parallel != null ? options.parallel : config.parallelism();
        return new FleetRunner(parallel, options.failFast, new Progress(err, targets, System.console() != null));
    }

    /** How migrations are applied: the configured timeouts and retries, plus the command's safety options. */
    ApplyPolicy applyPolicy(ApplyOptions options) {
        return new ApplyPolicy(config.lockTimeout(), config.statementTimeout(), config.lockRetries(),
                options.lint || config.lintOnApply(), options.repairInvalidIndexes, java.time.Duration.ofSeconds(1));
    }

    PrintWriter err() {
        return err;
    }

    Format format(Format otherwise) {
        return format.orElse(otherwise);
    }

    /** Prints a human-readable line unless {@code --quiet}. */
    void say(String line) {
        if (!quiet) {
            out.println(line);
            out.flush();
        }
    }

    void json(Object value) {
        Json.write(out, value);
    }

    PrintWriter out() {
        return out;
    }
}
