package dev.fleetway.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.ConfigLoader;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.report.Format;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code fleetway}: the top command. Holds the global options, which are inherited by every subcommand so
 * they may be written before or after it ({@code fleetway --verbose status} and {@code fleetway status
 * --verbose} mean the same), and builds each run's {@link Context}.
 */
@TopCommand
@Command(name = "fleetway", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Schema migrations for a fleet of PostgreSQL databases.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = { InstallCommand.class, UpgradeCommand.class, StatusCommand.class, ValidateCommand.class,
                AuditCommand.class, TenantsCommand.class, LintCommand.class, ServeCommand.class,
                RepairCommand.class, BaselineCommand.class, GrantCommand.class,
                MigrateCommand.class, RevertCommand.class, NewCommand.class, AdoptCommand.class, DemoCommand.class,
                CompletionCommand.class, DriftCommand.class, VerifyCommand.class },
        footer = { "", "Exit codes:", "  0 ok (also: nothing to do)    1 a migration failed", 
                "  2 usage/configuration error    3 database unreachable or login refused",
                "  4 validation failed            5 lock not acquired within --lock-wait",
                "  6 some fleet targets failed    7 audit or drift found what --fail-on names" })
public class FleetwayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = { "-e", "--env-file" }, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read KEY=VALUE lines (environment-style) before the configuration.")
    Path envFile;

    @Option(names = "--migrations", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Read migrations from DIR instead of the configured locations (every target's).")
    Path migrations;

    @Option(names = "--layout", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "How the migration files are named: auto (default: decided from the files), flyway,"
                    + " golang-migrate, sqlx, dbmate, hasura or custom (sets fleetway.layout).")
    String layout;

    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "table|json",
            description = "Output format of results.")
    Format format;

    @Option(names = { "-v", "--verbose" }, scope = ScopeType.INHERIT,
            description = "Show Flyway's log, debug detail and stack traces.")
    boolean verbose;

    @Option(names = { "-q", "--quiet" }, scope = ScopeType.INHERIT, description = "Print only errors and what was asked for (status, JSON); no progress or summaries.")
    boolean quiet;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Keep retrying an unreachable database this long (default 30s).")
    String connectTimeout;

    @Option(names = "--lock-wait", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Wait at most this long for another runner's lock on a target (default 5m).")
    String lockWait;

    @Option(names = "--config-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Key-per-file configuration directory (default /etc/fleetway).")
    Path configDir;

    private final Map<String, String> environment;
    private final Path workingDir;

    /** Used by Quarkus: the real environment. */
    public FleetwayCommand() {
        this(dev.fleetway.config.SystemEnvironment.variables(), dev.fleetway.config.SystemEnvironment.workingDirectory());
    }

    /** Used by tests: a given environment and working directory. */
    public FleetwayCommand(Map<String, String> environment, Path workingDir) {
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
    }

    /** No command given: the usage on standard error, exit 2 (a script that forgot its command must not pass). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE.code();
    }

    /** Whether stack traces are wanted: {@code --verbose}, unless contradicted by {@code --quiet}. */
    boolean verbose() {
        return verbose && !quiet;
    }

    /** Where relative paths are resolved (the process's working directory in production). */
    Path workingDir() {
        return workingDir;
    }

    /**
     * Builds the context of one run: applies the log level and loads the layered configuration with the
     * global options, plus {@code commandProperties} from the subcommand, on top.
     */
    Context context(CommandSpec command, Map<String, String> commandProperties) {
        if (verbose && quiet) {
            throw FleetwayException.usage("--quiet and --verbose exclude each other — choose one");
        }
        Logging.configure(verbose, quiet);
        Map<String, String> cli = globalProperties(commandProperties);
        if (configDir != null) {
            cli.put("fleetway.config-dir", workingDir.resolve(configDir).toString());
        }
        Optional<Path> env = Optional.ofNullable(envFile).map(workingDir::resolve);
        return context(command, new ConfigLoader(environment, workingDir).load(cli, env));
    }

    /**
     * Builds the context of a run that reads no configuration from this machine ({@code demo}): only
     * {@code commandProperties} and the global options that are not about configuration sources
     * ({@code --migrations}, {@code --connect-timeout}, {@code --lock-wait}).
     */
    Context isolatedContext(CommandSpec command, Map<String, String> commandProperties) {
        if (verbose && quiet) {
            throw FleetwayException.usage("--quiet and --verbose exclude each other — choose one");
        }
        Logging.configure(verbose, quiet);
        return context(command, ConfigLoader.only(globalProperties(commandProperties)));
    }

    private Map<String, String> globalProperties(Map<String, String> commandProperties) {
        Map<String, String> cli = new HashMap<>(commandProperties);
        if (migrations != null) {
            String dir = "filesystem:" + workingDir.resolve(migrations).normalize();
            cli.put("fleetway.locations", dir);
            cli.put("fleetway.migrations-override", dir);
        }
        if (layout != null) {
            cli.put("fleetway.layout", layout);
        }
        if (connectTimeout != null) {
            cli.put("fleetway.connect-timeout", connectTimeout);
        }
        if (lockWait != null) {
            cli.put("fleetway.lock-wait", lockWait);
        }
        return cli;
    }

    /** How output names a command: {@code upgrade}, {@code tenants create} (its path below {@code fleetway}). */
    static String name(CommandSpec command) {
        String qualified = command.qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }

    private Context context(CommandSpec command, FleetwayConfig config) {
        return new Context(name(command), config, command.commandLine().getOut(), command.commandLine().getErr(),
                Optional.ofNullable(format), quiet);
    }
}
