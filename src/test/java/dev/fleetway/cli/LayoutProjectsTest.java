package dev.fleetway.cli;

import static dev.fleetway.testing.LayoutProject.fleetway;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.LayoutProject;
import dev.fleetway.testing.LayoutProject.Shape;
import dev.fleetway.testing.TestDatabase;

/**
 * Every layout runs as it is: the same six-migration project written in each layout installs to the catalog psql
 * gives from its up scripts, reverts to an empty schema, and installs the same again; status, validate, audit,
 * lint and dry runs work on it.
 */
class LayoutProjectsTest {

    @ParameterizedTest
    @EnumSource(Shape.class)
    void installingFromScratchGivesWhatPsqlGivesRevertingEverythingEmptiesTheSchemaAndReapplyingGivesItAgain(
            Shape shape) throws Exception {
        try (TestDatabase reference = new TestDatabase(); TestDatabase db = new TestDatabase()) {
            List<Path> ups = LayoutProject.write(shape, db.migrations, db.workDir.resolve("config/application.yaml"),
                    db.workDir.resolve("scratch"));
            LayoutProject.psql(reference, ups);
            List<String> expected = CatalogSnapshot.objects(reference);
            assertThat(expected).anyMatch(l -> l.startsWith("view public.account_totals"))
                    .anyMatch(l -> l.startsWith("function ") && l.contains("order_count"))
                    .anyMatch(l -> l.contains("accounts_name_idx")).anyMatch(l -> l.contains("email text"));

            CliResult install = fleetway(db, shape, "upgrade");
            assertThat(install.exitCode()).as(install.toString()).isZero();
            assertThat(install.out()).contains("applied 6 migration(s), none -> " + Long.parseLong(
                    LayoutProject.version(shape, 5)));
            assertThat(CatalogSnapshot.objects(db)).isEqualTo(expected);
            assertThat(db.query("SELECT count(*) FROM flyway_schema_history WHERE success")).containsExactly("6");

            CliResult status = fleetway(db, shape, "status");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).contains("0 pending, 0 failed, 0 missing in source, 0 checksum mismatch(es)");
            assertThat(fleetway(db, shape, "validate").exitCode()).isZero();
            CliResult audit = fleetway(db, shape, "audit", "--format", "table");
            assertThat(audit.exitCode()).as(audit.toString()).isZero();
            assertThat(audit.out()).contains("current");
            CliResult lint = fleetway(db, shape, "lint", "--all-files");
            assertThat(lint.exitCode()).as(lint.toString()).isZero();
            assertThat(lint.out()).contains("12 file(s) checked");
            assertThat(fleetway(db, shape, "upgrade", "--dry-run").out()).contains("nothing to");

            CliResult dryRevert = fleetway(db, shape, "revert", "--count", "1", "--dry-run");
            assertThat(dryRevert.exitCode()).as(dryRevert.toString()).isZero();
            assertThat(dryRevert.out()).contains("ALTER TABLE accounts DROP COLUMN email");

            CliResult revert = fleetway(db, shape, "revert", "--to-baseline", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("reverted 6 migration(s)");
            assertThat(CatalogSnapshot.objects(db)).isEmpty();
            assertThat(db.relations()).containsExactly("flyway_schema_history");

            CliResult two = fleetway(db, shape, "migrate", "--count", "2");
            assertThat(two.exitCode()).as(two.toString()).isZero();
            assertThat(db.relations()).contains("accounts", "orders").doesNotContain("account_totals");
            CliResult rest = fleetway(db, shape, "upgrade");
            assertThat(rest.exitCode()).as(rest.toString()).isZero();
            assertThat(rest.out()).contains("applied 4 migration(s)");
            assertThat(CatalogSnapshot.objects(db)).isEqualTo(expected);
        }
    }

    @Test
    void sqlxsNoTransactionLineIsHonouredWithLayoutSqlxWhileAutoReadsThePairsAsGolangMigrateDoes() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LayoutProject.write(Shape.SQLX, db.migrations, db.workDir.resolve("config/application.yaml"),
                    db.workDir.resolve("scratch"));
            CliResult auto = db.fleetway("upgrade");
            assertThat(auto.err()).as(auto.toString()).hasLineCount(1);
            assertThat(auto.exitCode()).isEqualTo(4);
            assertThat(auto.err()).contains("20240105120000_index_account_names.up.sql mixes statements",
                    "nothing was changed", "--layout sqlx");
            assertThat(db.relations()).as("refused before anything changed").isEmpty();
            assertThat(db.fleetway("upgrade", "--layout", "sqlx").exitCode()).isZero();
        }
    }

    @Test
    void stepModeAndNewWorkInAFoldersOwnLayout() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LayoutProject.write(Shape.DBMATE, db.migrations, db.workDir.resolve("config/application.yaml"),
                    db.workDir.resolve("scratch"));
            CliResult step = InteractiveCli.withAnswers(db, "y\ny\nquit\n", true, "migrate", "--step");
            assertThat(step.exitCode()).as(step.toString()).isZero();
            assertThat(step.out()).contains("6 step(s) to apply", "-- 20240101120000_create_accounts.sql",
                    "applied 2 of 6 step(s), at version 20240102120000");

            CliResult created = InteractiveCli.withClock(db, Clock.fixed(Instant.parse("2026-11-23T12:00:05Z"),
                    ZoneOffset.UTC), "new", "add notes");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            Path file = db.migrations.resolve("20261123120005_add_notes.sql");
            assertThat(created.out()).contains("created migrations/20261123120005_add_notes.sql");
            Files.writeString(file, Files.readString(file).replace("-- migrate:up\n", "-- migrate:up\n"
                    + "ALTER TABLE accounts ADD COLUMN notes text;\n").replace("-- migrate:down\n", "-- migrate:down\n"
                    + "ALTER TABLE accounts DROP COLUMN notes;\n"));
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.out()).contains("applied 5 migration(s)", "-> 20261123120005");
            CliResult revert = db.fleetway("migrate", "--revert");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("reverted 1 migration(s), 20261123120005 -> 20240106120000");
            assertThat(db.query("SELECT count(*) FROM information_schema.columns WHERE column_name = 'notes'"))
                    .containsExactly("0");
        }
    }
}
