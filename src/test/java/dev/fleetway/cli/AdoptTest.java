package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.LayoutProject;
import dev.fleetway.testing.LayoutProject.Shape;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/**
 * {@code fleetway adopt}: databases whose state table is written exactly as each tool writes it (its DDL and its
 * statements, from the tools' sources), at version k of the six migrations of {@link LayoutProject}; adopting and
 * upgrading applies exactly the rest, and each refusal exits with its code and changes nothing.
 */
class AdoptTest {

    /** A database migrated to step k by hand (psql, as the other tool would have run the scripts). */
    private static List<Path> project(TestDatabase db, Shape shape, int k) throws Exception {
        List<Path> ups = LayoutProject.write(shape, db.migrations, db.workDir.resolve("config/application.yaml"),
                db.workDir.resolve("scratch"));
        LayoutProject.psql(db, ups.subList(0, k));
        return ups;
    }

    private static void sql(TestDatabase db, String... statements) throws Exception {
        try (Connection c = db.connectAsOwner(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** golang-migrate's postgres driver: its CREATE TABLE, then SetVersion's TRUNCATE and INSERT. */
    private static void golangMigrateState(TestDatabase db, long version, boolean dirty) throws Exception {
        sql(db, "CREATE TABLE IF NOT EXISTS \"public\".\"schema_migrations\" (version bigint not null primary key,"
                + " dirty boolean not null)", "TRUNCATE \"public\".\"schema_migrations\"");
        try (Connection c = db.connectAsOwner(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO \"public\".\"schema_migrations\" (version, dirty) VALUES (?, ?)")) {
            ps.setLong(1, version);
            ps.setBoolean(2, dirty);
            ps.executeUpdate();
        }
    }

    /** Everything adopt could change: the catalog (the history table included), the history rows, the state. */
    private static List<String> everything(TestDatabase db, String stateQuery) throws Exception {
        List<String> all = new ArrayList<>(CatalogSnapshot.of(db));
        all.addAll(CatalogSnapshot.history(db));
        all.addAll(db.query(stateQuery));
        return all;
    }

    private static void refused(TestDatabase db, String stateQuery, int code, String message, String... args)
            throws Exception {
        List<String> before = everything(db, stateQuery);
        CliResult r = db.fleetway(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.err()).contains(message).contains("default database").hasLineCount(1);
        assertThat(everything(db, stateQuery)).as("nothing changed").isEqualTo(before);
    }

    private static void adoptThenUpgrade(TestDatabase db, int k, String... adopt) {
        CliResult adopted = db.fleetway(adopt);
        assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
        assertThat(adopted.out()).contains("adopted the", k + " history row(s)", (6 - k) + " migration(s) left");
        CliResult upgrade = db.fleetway("upgrade");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        assertThat(upgrade.out()).contains("applied " + (6 - k) + " migration(s)");
        CliResult status = db.fleetway("status");
        assertThat(status.out()).contains("0 pending, 0 failed, 0 missing in source, 0 checksum mismatch(es)");
        CliResult again = db.fleetway(adopt);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already adopted", "nothing written");
    }

    @Test
    void golangMigrateAtVersionThreeOfSixIsTakenOverAndTheUpgradeAppliesTheOtherThree() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.GOLANG_MIGRATE, 3);
            golangMigrateState(db, 20240103120000L, false);
            CliResult dry = db.fleetway("adopt", "--from", "golang-migrate", "--dry-run");
            assertThat(dry.out()).contains("would adopt", "table public.schema_migrations: version 20240103120000",
                    "3 history row(s) up to version 20240103120000 (20240101120000_create_accounts.up.sql,"
                            + " 20240102120000_create_orders.up.sql, 20240103120000_account_totals_view.up.sql)");
            assertThat(CatalogSnapshot.history(db)).containsExactly("<no history table>");

            adoptThenUpgrade(db, 3, "adopt", "--from", "golang-migrate");
            assertThat(db.query("SELECT version || ' ' || script FROM flyway_schema_history ORDER BY installed_rank"))
                    .startsWith("20240101120000 20240101120000_create_accounts.up.sql");
            assertThat(db.query("SELECT version || ' ' || dirty FROM schema_migrations"))
                    .as("the other tool's table is left as it was").containsExactly("20240103120000 false");
        }
    }

    @Test
    void golangMigrateRefusalsExitFourAndChangeNothing() throws Exception {
        String state = "SELECT version || ' ' || dirty FROM schema_migrations";
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.GOLANG_MIGRATE, 3);
            golangMigrateState(db, 20240103120000L, true);
            refused(db, state, 4, "recorded version 20240103120000 as dirty", "adopt", "--from", "golang-migrate");
            golangMigrateState(db, 20240109120000L, false);
            refused(db, state, 4, "no migration has version 20240109120000", "adopt", "--from", "golang-migrate");
            refused(db, state, 2, "not dbmate's (version varchar); that is golang-migrate's", "adopt", "--from",
                    "dbmate");

            golangMigrateState(db, 20240103120000L, false);
            assertThat(db.fleetway("adopt", "--from", "golang-migrate").exitCode()).isZero();
            // golang-migrate kept running after the take-over: it records a version the Fleetway history lacks
            golangMigrateState(db, 20240104120000L, false);
            refused(db, state, 4, "already has Fleetway history that differs from the golang-migrate state: version"
                    + " 20240104120000 (20240104120000_order_count_function.up.sql) is recorded by golang-migrate but"
                    + " not", "adopt", "--from", "golang-migrate");
        }
    }

    @Test
    void sqlxStateIsTakenOverWithItsChecksumsComparedAndAFailedOrChangedOneIsRefused() throws Exception {
        assertThat(HexFormat.of().formatHex(sha384("-- no-transaction\nCREATE INDEX CONCURRENTLY t_idx ON t (id);\n")))
                .as("pinned outside Java").isEqualTo("77a4f889073a21afed2cde589beb62ce682eeafb3ffebcc332e9e6459ba1e0751159e9ed05166764548e98871f0d8303");
        String state = "SELECT version || ' ' || success FROM _sqlx_migrations ORDER BY version";
        try (TestDatabase db = new TestDatabase()) {
            List<Path> ups = project(db, Shape.SQLX, 5);
            sql(db, "CREATE TABLE IF NOT EXISTS _sqlx_migrations (\n    version BIGINT PRIMARY KEY,\n"
                    + "    description TEXT NOT NULL,\n    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                    + "    success BOOLEAN NOT NULL,\n    checksum BYTEA NOT NULL,\n    execution_time BIGINT NOT NULL\n)");
            for (int i = 0; i < 5; i++) {
                try (Connection c = db.connectAsOwner(); PreparedStatement ps = c.prepareStatement("INSERT INTO"
                        + " _sqlx_migrations ( version, description, success, checksum, execution_time ) VALUES"
                        + " ( ?, ?, TRUE, ?, -1 )")) {
                    ps.setLong(1, Long.parseLong(LayoutProject.version(Shape.SQLX, i)));
                    ps.setString(2, LayoutProject.STEPS.get(i).name().replace('_', ' '));
                    ps.setBytes(3, sha384(Files.readString(ups.get(i))));
                    ps.executeUpdate();
                }
                sql(db, "UPDATE _sqlx_migrations SET execution_time = 1234567 WHERE version = "
                        + LayoutProject.version(Shape.SQLX, i));
            }
            Path fourth = ups.get(3);
            String original = Files.readString(fourth);
            Files.writeString(fourth, original + "-- edited after it was applied\n");
            refused(db, state, 4, "sqlx recorded a checksum for version 20240104120000 that differs from",
                    "adopt", "--from", "sqlx", "--layout", "sqlx");
            Files.writeString(fourth, original);
            sql(db, "UPDATE _sqlx_migrations SET success = false WHERE version = 20240105120000");
            refused(db, state, 4, "recorded version 20240105120000 as failed", "adopt", "--from", "sqlx", "--layout",
                    "sqlx");
            sql(db, "UPDATE _sqlx_migrations SET success = true WHERE version = 20240105120000");

            adoptThenUpgrade(db, 5, "adopt", "--from", "sqlx", "--layout", "sqlx");
        }
    }

    private static byte[] sha384(String text) throws Exception {
        return MessageDigest.getInstance("SHA-384").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dbmateStateIsTakenOverAndAVersionWithoutAFileIsRefused() throws Exception {
        String state = "SELECT version FROM schema_migrations ORDER BY version";
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.DBMATE, 2);
            sql(db, "create table if not exists \"public\".\"schema_migrations\" (version varchar(255) primary key)");
            for (int i = 0; i < 2; i++) {
                sql(db, "insert into \"public\".\"schema_migrations\" (version) values ('"
                        + LayoutProject.version(Shape.DBMATE, i) + "')");
            }
            sql(db, "insert into \"public\".\"schema_migrations\" (version) values ('20230101000000')");
            refused(db, state, 4, "dbmate recorded version 20230101000000 as applied", "adopt", "--from", "dbmate");
            refused(db, state, 2, "that is dbmate's shape: use --from dbmate", "adopt", "--from", "golang-migrate");
            sql(db, "delete from \"public\".\"schema_migrations\" where version = '20230101000000'");
            adoptThenUpgrade(db, 2, "adopt", "--from", "dbmate");
        }
    }

    /** The Hasura CLI's config v1/v2 store: hdb_catalog.schema_migrations, one row per version, beside its settings. */
    private static void hasuraV1(TestDatabase db, int k, boolean lastDirty) throws Exception {
        sql(db, "CREATE SCHEMA IF NOT EXISTS hdb_catalog",
                "CREATE TABLE hdb_catalog.schema_migrations (version bigint not null primary key, dirty boolean not null)",
                "CREATE TABLE hdb_catalog.migration_settings (setting text not null primary key, value text not null)",
                "INSERT INTO hdb_catalog.migration_settings (setting, value) VALUES ('migration_mode', 'true')");
        for (int i = 0; i < k; i++) {
            sql(db, "INSERT INTO hdb_catalog.schema_migrations (version, dirty) VALUES ("
                    + LayoutProject.version(Shape.HASURA, i) + ", " + (lastDirty && i == k - 1) + ")"
                    + " ON CONFLICT(version) DO UPDATE SET dirty='" + (lastDirty && i == k - 1) + "'");
        }
    }

    @Test
    void hasurasSchemaMigrationsTableIsTakenOverAndADirtyVersionIsRefused() throws Exception {
        String state = "SELECT version || ' ' || dirty FROM hdb_catalog.schema_migrations ORDER BY version";
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.HASURA, 4);
            hasuraV1(db, 4, true);
            refused(db, state, 4, "recorded version 1700000003000 as dirty", "adopt", "--from", "hasura");
            sql(db, "UPDATE hdb_catalog.schema_migrations SET dirty = false");
            adoptThenUpgrade(db, 4, "adopt", "--from", "hasura");
        }
    }

    @Test
    void hasurasCliStateInAnotherMetadataDatabaseIsReadForTheNamedSource() throws Exception {
        try (TestDatabase db = new TestDatabase(); TestDatabase metadata = new TestDatabase()) {
            project(db, Shape.HASURA, 3);
            sql(metadata, "CREATE SCHEMA hdb_catalog", "CREATE TABLE hdb_catalog.hdb_version (\n"
                    + "    hasura_uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(),\n    version TEXT NOT NULL,\n"
                    + "    upgraded_on TIMESTAMPTZ NOT NULL,\n    cli_state JSONB NOT NULL DEFAULT '{}'::jsonb,\n"
                    + "    console_state JSONB NOT NULL DEFAULT '{}'::jsonb\n)",
                    "CREATE UNIQUE INDEX hdb_version_one_row ON hdb_catalog.hdb_version((version IS NOT NULL))",
                    "INSERT INTO hdb_catalog.hdb_version (version, upgraded_on) VALUES ('48', now())");
            String versions = "\"1700000000000\":false,\"1700000001000\":false,\"1700000002000\":";
            String cliState = "{\"migrations\":{\"app\":{" + versions + "%s},\"other\":{}},\"settings\":"
                    + "{\"migration_mode\":\"true\"},\"isStateCopyCompleted\":true}";
            sql(metadata, "UPDATE hdb_catalog.hdb_version SET cli_state = '" + cliState.formatted("true") + "'");
            String url = "postgresql://" + metadata.owner + ":" + metadata.ownerPassword + "@"
                    + TestPostgres.get().host() + ":" + TestPostgres.get().port() + "/" + metadata.name;
            String state = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";
            refused(db, state, 2, "records the sources app, other but not 'default'", "adopt", "--from", "hasura",
                    "--hasura-metadata-url", url);
            refused(db, state, 4, "recorded version 1700000002000 as dirty", "adopt", "--from", "hasura",
                    "--hasura-metadata-url", url, "--hasura-source", "app");
            sql(metadata, "UPDATE hdb_catalog.hdb_version SET cli_state = '" + cliState.formatted("false") + "'");
            adoptThenUpgrade(db, 3, "adopt", "--from", "hasura", "--hasura-metadata-url", url, "--hasura-source",
                    "app");
            assertThat(db.fleetway("adopt", "--from", "hasura", "--hasura-metadata-url", url).err())
                    .doesNotContain(metadata.ownerPassword);
        }
    }

    @Test
    void aHomeGrownStateTableIsReadByAQueryAndPlainFlywayAcceptsTheHistoryWritten() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.FLYWAY, 2);
            sql(db, "CREATE SCHEMA migrations", "CREATE TABLE migrations.schema_migrations (migration_id text)",
                    "INSERT INTO migrations.schema_migrations VALUES ('1'), ('2')");
            CliResult badQuery = db.fleetway("adopt", "--from-query", "SELECT nope FROM migrations.schema_migrations");
            assertThat(badQuery.exitCode()).isEqualTo(2);
            assertThat(badQuery.err()).contains("--from-query failed", "nope");
            adoptThenUpgrade(db, 2, "adopt", "--from-query", "SELECT migration_id FROM migrations.schema_migrations");
            Flyway plain = Flyway.configure().dataSource(db.jdbcUrl(), db.owner, db.ownerPassword)
                    .locations("filesystem:" + db.migrations).load();
            assertThat(plain.validateWithResult().validationSuccessful).as("plain Flyway validates it").isTrue();
            assertThat(plain.info().applied()).hasSize(6);
        }
    }

    @Test
    void aDatabasePlainFlywayMigratedIsAdoptedAsItIsAndAnOlderHistoryTableIsCopied() throws Exception {
        try (TestDatabase db = new TestDatabase(); TestDatabase old = new TestDatabase()) {
            project(db, Shape.FLYWAY, 0);
            Flyway.configure().dataSource(db.jdbcUrl(), db.owner, db.ownerPassword).locations("filesystem:"
                    + db.migrations).target("3").load().migrate();
            CliResult own = db.fleetway("adopt", "--from", "flyway");
            assertThat(own.exitCode()).as(own.toString()).isZero();
            assertThat(own.out()).contains("already adopted", "version 3", "3 migration(s) left");

            project(old, Shape.FLYWAY, 0);
            Flyway.configure().dataSource(old.jdbcUrl(), old.owner, old.ownerPassword).locations("filesystem:"
                    + old.migrations).table("schema_version").target("4").load().migrate();
            sql(old, "INSERT INTO schema_version (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (99, '5', 'x', 'SQL', 'V5__x.sql', 0, 'me', 0, false)");
            refused(old, "SELECT count(*) FROM schema_version", 4, "records a failed migration of version 5", "adopt",
                    "--from", "flyway", "--state-table", "schema_version");
            sql(old, "DELETE FROM schema_version WHERE NOT success");
            CliResult copied = old.fleetway("adopt", "--from", "flyway", "--state-table", "schema_version");
            assertThat(copied.exitCode()).as(copied.toString()).isZero();
            assertThat(copied.out()).contains("adopted the flyway state", "4 history row(s)");
            assertThat(old.query("SELECT checksum FROM flyway_schema_history ORDER BY installed_rank")).isEqualTo(
                    old.query("SELECT checksum FROM schema_version WHERE version IS NOT NULL ORDER BY installed_rank"));
            CliResult upgrade = old.fleetway("upgrade");
            assertThat(upgrade.out()).as(upgrade.toString()).contains("applied 2 migration(s)");
        }
    }

    @Test
    void aFreshDatabaseHasNothingToAdoptFromAnyToolAndIsLeftToUpgrade() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            for (String tool : List.of("flyway", "golang-migrate", "sqlx", "dbmate", "hasura")) {
                CliResult r = db.fleetway("adopt", "--from", tool);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.out()).contains("nothing to adopt", "'fleetway upgrade' installs it");
            }
            assertThat(CatalogSnapshot.history(db)).containsExactly("<no history table>");
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
        }
    }

    @Test
    void runnersAdoptingOneDatabaseAtOnceTakeTurnsAndWriteTheHistoryOnce() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            project(db, Shape.GOLANG_MIGRATE, 4);
            golangMigrateState(db, 20240104120000L, false);
            List<CompletableFuture<CliResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> db.fleetway("adopt", "--from", "golang-migrate")));
            }
            int wrote = 0;
            for (CompletableFuture<CliResult> run : runs) {
                CliResult r = run.get(60, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                wrote += r.out().contains("adopted the") ? 1 : 0;
            }
            assertThat(wrote).isEqualTo(1);
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history")).containsExactly("4");
        }
    }

    @Test
    void aFleetIsTakenOverInOneCommandEachTargetAtItsOwnVersionSchemaTenantsIncluded() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 1)) {
            List<Path> ups = LayoutProject.write(Shape.GOLANG_MIGRATE, fleet.migrations, fleet.workDir.resolve("unused"),
                    fleet.workDir.resolve("scratch"));
            String sc0 = fleet.tenantSchema.get("sc0");
            TestPostgres.get().execute(fleet.defaultDb, "CREATE SCHEMA " + sc0 + " AUTHORIZATION " + fleet.owner);
            int k = 1;
            for (String[] t : List.of(new String[] { fleet.defaultDb, "public" },
                    new String[] { fleet.tenantDatabase.get("db0"), "public" }, new String[] { fleet.defaultDb, sc0 })) {
                LayoutProject.psql(t[0], t[1], fleet.owner, fleet.ownerPassword, ups.subList(0, k));
                TestPostgres.get().execute(t[0], "CREATE TABLE IF NOT EXISTS \"" + t[1] + "\".\"schema_migrations\""
                        + " (version bigint not null primary key, dirty boolean not null)",
                        "ALTER TABLE \"" + t[1] + "\".schema_migrations OWNER TO " + fleet.owner,
                        "INSERT INTO \"" + t[1] + "\".\"schema_migrations\" (version, dirty) VALUES ("
                                + LayoutProject.version(Shape.GOLANG_MIGRATE, k - 1) + ", false)");
                k++;
            }
            CliResult adopt = fleet.fleetway("adopt", "--all", "--from", "golang-migrate");
            assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
            assertThat(adopt.out()).contains("fleet: 3 targets, 3 ok");
            CliResult upgrade = fleet.fleetway("upgrade", "--all");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.out()).contains("default database (db " + fleet.defaultDb)
                    .contains("applied 5 migration(s), 20240101120000 -> 20240106120000",
                            "applied 4 migration(s), 20240102120000 -> 20240106120000",
                            "applied 3 migration(s), 20240103120000 -> 20240106120000");

            fleet.executeInTenant("sc0", "UPDATE schema_migrations SET dirty = true");
            CliResult partial = fleet.fleetway("adopt", "--all", "--from", "golang-migrate");
            assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(6);
            assertThat(partial.err()).contains("tenant 'sc0'", "as dirty");
        }
    }
}
