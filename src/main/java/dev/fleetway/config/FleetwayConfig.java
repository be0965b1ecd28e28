package dev.fleetway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Everything Fleetway reads from configuration, under the {@code fleetway.} prefix. Built per run by
 * {@link ConfigLoader} from the layered sources (CLI, environment, env file, mounted directory,
 * {@code config/application.yaml}, built-in defaults); see the README for every key.
 */
@ConfigMapping(prefix = "fleetway")
public interface FleetwayConfig {

    /** Where migrations are read from: {@code classpath:db/migration} (embedded) or {@code filesystem:DIR}. */
    @WithDefault("classpath:db/migration")
    List<String> locations();

    /**
     * How the migration files are named and split: {@code auto} (decided from the files), {@code flyway},
     * {@code golang-migrate}, {@code sqlx}, {@code dbmate}, {@code hasura} or {@code custom}
     * ({@link #customLayout()}). {@code --layout} sets it.
     */
    @WithDefault("auto")
    String layout();

    /** A layout declared here, for folders no named layout reads; {@code auto} uses it when {@code up} is set. */
    CustomLayout customLayout();

    /**
     * Globs of {@code .sql} files in the locations that are not migrations (seed data, notes), matched against the
     * path below the location and the file name. Any other {@code .sql} file whose name is not recognised is
     * refused with exit 4.
     */
    Optional<List<String>> ignoreFiles();

    /** The default database. */
    @WithName("default")
    DatabaseConfig defaultDatabase();

    /** Fallbacks for every tenant field. */
    DatabaseConfig tenantDefaults();

    /** Tenants declared in configuration, by id. */
    Map<String, DatabaseConfig> tenants();

    /** A YAML or JSON file of more tenants, in the same shape as {@code fleetway.tenants}. */
    Optional<String> tenantsFile();

    /**
     * A query run on the default database that returns one row per tenant: {@code id} and {@code url} (or
     * {@code jdbc_url}), optionally {@code schema}, {@code username}, {@code password}, {@code app_user}.
     */
    Optional<String> tenantQuery();

    /**
     * A table of the default database that lists tenants ({@code fleetway.tenant-registry.table}): read like the
     * tenant query (the same columns), and written by {@code tenants create} and {@code tenants drop}.
     */
    TenantRegistry tenantRegistry();

    /** The tenant registry table's settings. */
    interface TenantRegistry {
        /** The table, {@code name} or {@code schema.name}; absent: no registry. */
        Optional<String> table();
    }

    /** How {@code tenants create} makes new tenants. */
    Provision provision();

    /** The settings of {@code tenants create}. */
    interface Provision {
        /**
         * Clone new database tenants from a template database kept at the newest version
         * ({@code fleetway_template_<hash>}) instead of migrating each from scratch.
         */
        @WithDefault("false")
        boolean template();
    }

    /** How long to retry a database that is not reachable yet before giving up with exit 3. */
    @WithDefault("30s")
    Duration connectTimeout();

    /** How long to wait for another runner's lock on a target before giving up with exit 5. */
    @WithDefault("5m")
    Duration lockWait();

    /**
     * {@code lock_timeout} of every migration session: a DDL statement that waits longer for a lock fails
     * instead of queueing production traffic behind it, and the migration is retried. {@code 0} disables it.
     */
    @WithDefault("5s")
    Duration lockTimeout();

    /** {@code statement_timeout} of every migration session; {@code 0} (the default) means none. */
    @WithDefault("0s")
    Duration statementTimeout();

    /** How often a migration that hit the lock timeout is retried (with backoff) before the target fails. */
    @WithDefault("5")
    int lockRetries();

    /** Refuse to apply a target whose pending migrations have error-level lint findings. */
    @WithDefault("false")
    boolean lintOnApply();

    /** Number of targets migrated at once in fleet runs. */
    @WithDefault("4")
    int parallelism();

    /** The Flyway history table name. */
    @WithDefault("flyway_schema_history")
    String table();

    /** Placeholders expanded in migrations as {@code ${name}}. */
    Map<String, String> placeholders();

    /** Directory of key-per-file configuration (a mounted Kubernetes Secret or ConfigMap). */
    @WithDefault("/etc/fleetway")
    String configDir();

    /** Whether {@code serve} runs {@code upgrade} right after start ({@code FLEETWAY_AUTO_MIGRATE}). */
    @WithDefault("false")
    boolean autoMigrate();

    /**
     * Whether a failed auto-migration ends {@code serve} (exit 1) instead of leaving it running with
     * readiness DOWN, which avoids a crash loop that would retry the migration on every restart.
     */
    @WithName("auto-migrate.exit-on-failure")
    @WithDefault("false")
    boolean autoMigrateExitOnFailure();

    /**
     * On SIGTERM, how long {@code serve} lets a running auto-migration finish its current targets before
     * the process ends (and PostgreSQL rolls back what is still running). Keep it below the pod's
     * {@code terminationGracePeriodSeconds}.
     */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** {@code serve}'s HTTP API settings. */
    Http http();

    /** A custom layout ({@code fleetway.custom-layout.*}); see {@code source.CustomLayoutSpec} for each key. */
    interface CustomLayout {
        /** Pattern of up scripts, e.g. {@code {version}_{name}.up.sql}; unset: no custom layout is declared. */
        Optional<String> up();

        /** Pattern of down scripts. */
        Optional<String> down();

        /** The line starting the up section of a file that holds both directions. */
        Optional<String> upMarker();

        /** The line starting the down section. */
        Optional<String> downMarker();

        /** Text before {@code .sql} in a file name that runs the file outside a transaction, e.g. {@code .notx}. */
        Optional<String> nonTransactionalSuffix();

        /** A line that runs the file's scripts outside a transaction. */
        Optional<String> nonTransactionalMarker();

        /** The dialect whose files are read when the patterns hold {@code {dialect}}. */
        Optional<String> dialect();

        /** The other dialects {@code {dialect}} matches, whose files are skipped. */
        Optional<List<String>> otherDialects();
    }

    /**
     * A migrations directory given on the command line ({@code --migrations DIR}): it replaces every location,
     * the default database's, the tenant defaults', every group's and every tenant's.
     */
    Optional<String> migrationsOverride();

    /**
     * Tenant groups by name: a tenant whose labels include a group's {@code match} gets the group's
     * locations ({@code add}: after the tenant defaults'; {@code replace}: instead of them) and placeholders. A
     * tenant matched by two groups is a configuration error.
     */
    Map<String, Group> groups();

    /** How {@code upgrade --all} and {@code migrate --all} roll out over the tenants when no option says so. */
    Rollout rollout();

    /** A tenant group. */
    interface Group {
        /** The labels a tenant must all have (e.g. {@code plan: enterprise}). */
        Map<String, String> match();

        /** {@code add} (the default) or {@code replace}: how the group's locations combine with the defaults'. */
        @WithDefault("add")
        GroupMode mode();

        /** The group's migration locations. */
        Optional<List<String>> locations();

        /** The group's placeholder values: above the tenant defaults', below the tenant's own. */
        Map<String, String> placeholders();
    }

    /** How a group's locations combine with the tenant defaults'. */
    enum GroupMode {
        /** After the tenant defaults' locations. */
        ADD,
        /** Instead of the tenant defaults' locations. */
        REPLACE
    }

    /** The rollout settings ({@code --canary}, {@code --waves}, …); see {@code execute.Rollout}. */
    interface Rollout {
        /** Canary tenants: {@code ID[,ID…]} or {@code label:KEY=VALUE}. */
        Optional<String> canary();

        /** The first N tenants (in id order) as the canary. */
        Optional<Integer> canaryCount();

        /** Waves after the canary: counts or cumulative percentages of the remaining tenants, e.g. {@code 5,10%,100%}. */
        Optional<String> waves();

        /** Failures a wave (the canary too) may have before the rollout stops: {@code N} or {@code P%}. */
        Optional<String> maxFailures();

        /** A pause between waves. */
        Optional<Duration> wavePause();

        /** Run the tenants before the default database (the default is the default database first). */
        @WithDefault("false")
        boolean tenantsFirst();
    }

    /** {@code serve}'s own settings. */
    Serve serve();

    /**
     * An empty database where {@code drift} and {@code verify} build reference schemas (and {@code serve} checks drift):
     * {@code jdbc:postgresql://…} or {@code postgresql://user:pw@…}; without credentials, the default database's
     * migration user logs in. Absent: a temporary database on the default database's server, or temporary schemas in
     * the default database; {@code serve} then checks no drift.
     */
    Optional<String> devUrl();

    /** {@code serve}'s own settings. */
    interface Serve {
        /**
         * How often {@code serve} audits the fleet by itself, so that its metrics stay fresh without requests;
         * {@code 0} only when asked (probes, API, page).
         */
        @WithDefault("30s")
        Duration auditInterval();

        /**
         * How often {@code serve} checks the fleet's drift ({@code /api/v1/drift}, {@code fleetway_drift_objects}) when
         * {@code fleetway.dev-url} is set; {@code 0} only when asked.
         */
        @WithDefault("10m")
        Duration driftInterval();
    }

    /** {@code serve}'s HTTP API settings. */
    interface Http {
        /** When set, {@code /api} requests need {@code Authorization: Bearer <token>}; health stays open. */
        Optional<String> token();
    }

    /** Connection settings of one database (the default one, a tenant, or the tenant defaults). */
    interface DatabaseConfig {
        /** {@code jdbc:postgresql://…} or {@code postgresql://user:pw@host:port/db}. */
        Optional<String> url();

        /** The schema migrated (and holding the history table); {@code public} when absent. */
        Optional<String> schema();

        /** The user that runs migrations (DDL rights). */
        Optional<UserConfig> migrationUser();

        /** The user the application connects as; gets DML grants only. Absent: no grants. */
        Optional<UserConfig> appUser();

        /**
         * A read-only login for {@code audit}, {@code status}, {@code validate} and {@code serve}'s reads;
         * {@code grant} gives it what it needs. Absent: the migration user reads too.
         */
        Optional<UserConfig> monitorUser();

        /** Labels of a tenant ({@code region: eu}), for {@code --label}; not used on the default database. */
        Map<String, String> labels();

        /** Placeholder values of this database, or every tenant's (in {@code tenant-defaults}). */
        Map<String, String> placeholders();

        /** Where this database's migrations are, instead of {@code fleetway.locations}. */
        Optional<List<String>> locations();
    }

    /** A database login. */
    interface UserConfig {
        Optional<String> username();

        Optional<String> password();
    }
}
