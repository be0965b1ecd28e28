package dev.fleetway.flyway;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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
    private final Map<String, String> placeholders;
    private final ExpectedHistory expected;

    public FlywayFactory(MigrationSource source, String table, Map<String, String> placeholders) {
        this.source = source;
        this.table = table;
        this.placeholders = Map.copyOf(placeholders);
        this.expected = ExpectedHistory.of(source);
    }

    /** What an up-to-date history holds, for the one-query check of {@code plan.HistoryCheck}. */
    public ExpectedHistory expectedHistory() {
        return expected;
    }

    /** A Flyway for migrating, inspecting or repairing the target through {@code dataSource}. */
    public Flyway create(Target target, DataSource dataSource) {
        return configure(target, dataSource).load();
    }

    /** A Flyway that baselines the target at {@code version}. */
    public Flyway forBaseline(Target target, DataSource dataSource, String version, String description) {
        return configure(target, dataSource)
                .baselineVersion(MigrationVersion.fromVersion(version))
                .baselineDescription(description)
                .load();
    }

    private FluentConfiguration configure(Target target, DataSource dataSource) {
        return Flyway.configure(FlywayFactory.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(target.schema())
                .defaultSchema(target.schema())
                .createSchemas(true)
                .table(table)
                .resourceProvider(new MigrationResources(source))
                .javaMigrationClassProvider(List::of)
                .placeholders(placeholders)
                .cleanDisabled(true)
                .outOfOrder(false)
                .validateOnMigrate(true)
                // Pending and newer-than-source ("future") migrations are not errors; Fleetway reports them.
                .ignoreMigrationPatterns("*:pending", "*:future")
                .connectRetries(0);
    }
}
