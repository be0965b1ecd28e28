package dev.fleetway.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import dev.fleetway.db.SessionDataSource;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * The only place that configures Flyway. Every target gets a Flyway whose schema (and history table
 * location) is the target's schema, whose migrations are the run's already-loaded {@link MigrationSource},
 * and which never cleans.
 */
public final class FlywayFactory {
    private final MigrationSource source;
    private final String table;
    private final ExpectedHistory expected;
    private final Map<String, Boolean> transactional = new ConcurrentHashMap<>();

    public FlywayFactory(MigrationSource source, String table) {
        this.source = source;
        this.table = table;
        this.expected = ExpectedHistory.of(source);
    }

    /**
     * Whether an up script runs in a transaction, once a planner has found out (parsing it as Flyway does) and told
     * {@link #rememberTransactional}; empty before.
     */
    public Optional<Boolean> transactional(MigrationFile file) {
        return Optional.ofNullable(transactional.get(file.script()));
    }

    public void rememberTransactional(MigrationFile file, boolean inTransaction) {
        transactional.put(file.script(), inTransaction);
    }

    /** What an up-to-date history holds, for the one-query check of {@code plan.HistoryCheck}. */
    public ExpectedHistory expectedHistory() {
        return expected;
    }

    /** The files this factory hands Flyway (and the down scripts it does not). */
    public MigrationSource source() {
        return source;
    }

    /** The history table's name. */
    public String table() {
        return table;
    }

    /** A Flyway for migrating, inspecting or repairing the target through {@code dataSource}. */
    public Flyway create(Target target, DataSource dataSource) {
        return configure(target, dataSource).load();
    }

    /**
     * A Flyway whose {@code migrate} applies exactly a plan's steps: the pending versioned migrations up to and
     * including {@code upTo} (all when empty) and, of the repeatable migrations, only those named in
     * {@code repeatables} (file names). Flyway does not validate again before migrating: the planner did, on the
     * same locked session (with Flyway, or from the one history query that proved the history a clean prefix of
     * the files), and a second validation would resolve every file once more per target. With {@code group} the
     * migrations run in one transaction (see {@code Migrator.MixedGroup} for when they cannot). {@code applied} is
     * told of each migration as it is applied.
     */
    public Flyway forPlan(Target target, DataSource dataSource, Optional<String> upTo, Set<String> repeatables,
            boolean group, AppliedCallback.Listener applied) {
        return configure(target, dataSource)
                .group(group)
                .resourceProvider(new SelectedResources(source, repeatables))
                .ignoreMigrationPatterns("*:pending", "*:future", "repeatable:missing")
                .validateOnMigrate(false)
                .target(upTo.map(MigrationVersion::fromVersion).orElse(MigrationVersion.LATEST))
                .callbacks(new NonTransactionalTimeouts(source), new AppliedCallback(applied))
                .load();
    }

    /**
     * Reads scripts as this run's Flyway would for the target on {@code session}: asks the session once for
     * {@code current_user} and {@code current_database()}, the values of {@code ${flyway:user}} and
     * {@code ${flyway:database}}. Read-only.
     */
    public ScriptReader scripts(Target target, Connection session) throws SQLException {
        Configuration configuration = configure(target, new SessionDataSource(session));
        Map<String, String> builtIns = new HashMap<>();
        try (Statement s = session.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, current_database()")) {
            rs.next();
            builtIns.put(builtIn(configuration, "user"), rs.getString(1));
            builtIns.put(builtIn(configuration, "database"), rs.getString(2));
        }
        builtIns.put(builtIn(configuration, "defaultSchema"), target.schema());
        builtIns.put(builtIn(configuration, "table"), table);
        builtIns.put(builtIn(configuration, "timestamp"), new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date()));
        builtIns.put(builtIn(configuration, "workingDirectory"), configuration.getWorkingDirectory() != null
                ? configuration.getWorkingDirectory() : System.getProperty("user.dir"));
        builtIns.put(builtIn(configuration, "environment"), configuration.getCurrentEnvironmentName());
        builtIns.values().removeIf(Objects::isNull);
        return new ScriptReader(configuration, builtIns);
    }

    /**
     * The placeholder values of a target's migrations, lowest precedence first: Fleetway's built-ins
     * {@code ${fleetway:tenant}} (the target's id, {@code default} for the default database) and
     * {@code ${fleetway:schema}}, then the target's resolved values (global {@code fleetway.placeholders}, tenant
     * defaults, its group's, its own; see {@code tenant.Targets}). Flyway's own {@code ${flyway:…}} are Flyway's.
     */
    public static Map<String, String> placeholders(Target target) {
        Map<String, String> values = new HashMap<>();
        values.put("fleetway:tenant", target.id());
        values.put("fleetway:schema", target.schema());
        values.putAll(target.placeholders());
        return values;
    }

    /**
     * Whether {@code script}, as a history row names it, is a down script: one of the down scripts of the files
     * {@code flyway} was made over, or (for a file since deleted) a name of the {@code flyway} layout's form
     * {@code U…}. A failed row of a down script is a failed revert (see {@link HistoryTable#recordFailedRevert}).
     */
    public static boolean isDownScript(Flyway flyway, String script) {
        if (script == null) {
            return false;
        }
        if (flyway.getConfiguration().getResourceProvider() instanceof MigrationResources resources
                && resources.isDownScript(script)) {
            return true;
        }
        return dev.fleetway.source.MigrationFile.parse(script, "", "")
                .filter(f -> f.kind() == dev.fleetway.source.MigrationFile.Kind.UNDO).isPresent();
    }

    /** The name of one of Flyway's own placeholders, {@code flyway:NAME}, as Flyway spells it. */
    static String builtIn(Configuration configuration, String name) {
        return "flyway" + configuration.getPlaceholderSeparator() + name;
    }

    /** A Flyway that baselines the target at {@code version}. */
    public Flyway forBaseline(Target target, DataSource dataSource, String version, String description) {
        return configure(target, dataSource)
                .baselineVersion(MigrationVersion.fromVersion(version))
                .baselineDescription(description)
                .load();
    }

    private FluentConfiguration configure(Target target, DataSource dataSource) {
        FluentConfiguration configuration = Flyway.configure(FlywayFactory.class.getClassLoader());
        // Session-level rather than transactional advisory lock: Flyway then holds no transaction open around the
        // migrations, which a non-transactional CREATE INDEX CONCURRENTLY needs (it would otherwise run inside
        // that transaction, or wait for it forever on a second connection). Set on the plugin itself: the same
        // setting as a property ("flyway.postgresql.transactional.lock") makes Flyway re-read its whole
        // configuration, measured at a fifth of the CPU of a fleet run that applies one migration.
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration
                .dataSource(dataSource)
                .schemas(target.schema())
                .defaultSchema(target.schema())
                .createSchemas(true)
                .table(table)
                .resourceProvider(new MigrationResources(source))
                .javaMigrationClassProvider(List::of)
                .placeholders(placeholders(target))
                .cleanDisabled(true)
                .outOfOrder(false)
                .validateOnMigrate(true)
                // Pending and newer-than-source ("future") migrations are not errors; Fleetway reports them.
                .ignoreMigrationPatterns("*:pending", "*:future")
                .connectRetries(0)
                .callbacks(new NonTransactionalTimeouts(source));
    }
}
