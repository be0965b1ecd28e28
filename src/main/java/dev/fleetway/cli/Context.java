package dev.fleetway.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.EventLog;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.FleetRunner;
import dev.fleetway.report.Format;
import dev.fleetway.report.Json;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.Targets;

/**
 * What one command run works with: the loaded configuration, the fleet it describes (whose events go to the log
 * and, on a terminal, to the progress line), and the command's output writers.
 */
final class Context {
    private final FleetwayConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Optional<Format> format;
    private final boolean quiet;
    private final Fleet fleet;
    private final String command;

    Context(String command, FleetwayConfig config, PrintWriter out, PrintWriter err, Optional<Format> format,
            boolean quiet) {
        this.command = command;
        this.config = config;
        this.out = out;
        this.err = err;
        this.format = format;
        this.quiet = quiet;
        this.fleet = new Fleet(config, Events.all(new EventLog(), new Progress(err, System.console() != null)));
    }

    /** The run's fleet: sessions, selection, and every fleet-wide operation. */
    Fleet fleet() {
        return fleet;
    }

    FleetwayConfig config() {
        return config;
    }

    Targets targets() {
        return new Targets(config);
    }

    /** The targets a selection names; just the default database when it has no selector. */
    List<Target> select(Selection selection) throws SQLException {
        return fleet.select(selection);
    }

    /** The targets the options select, narrowed by {@code --only} (read live). */
    List<Target> select(SelectionOptions options, boolean fleetByDefault) throws SQLException {
        return fleet.narrow(fleet.select(options.selection(fleetByDefault)), options.only(), options.runner(this));
    }

    /** A runner over at most {@code parallel} targets at once (default: {@code fleetway.parallelism}). */
    FleetRunner runner(Integer parallel, boolean failFast) {
        return fleet.runner(parallel != null ? parallel : config.parallelism(), failFast);
    }

    /** How migrations are applied: the configured timeouts and retries, plus the command's safety options. */
    ApplyPolicy applyPolicy(ApplyOptions options) {
        return new ApplyPolicy(config.lockTimeout(), config.statementTimeout(), config.lockRetries(),
                options.lint || config.lintOnApply(), options.repairInvalidIndexes, Duration.ofSeconds(1));
    }

    PrintWriter err() {
        return err;
    }

    Format format(Format otherwise) {
        return format.orElse(otherwise);
    }

    /** Whether results are printed as the JSON envelope ({@code --format json}). */
    boolean json() {
        return format.orElse(Format.TABLE) == Format.JSON;
    }

    /** The command's name, as the envelope names it. */
    String command() {
        return command;
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
