package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestDatabase;

/** {@code migrate}, {@code revert} and {@code new} in the packaged application, run as a process. */
class MigrateCommandsIT {

    @Test
    void stepIsRefusedWithoutATerminalAndMigrateRevertAndNewWorkAsAProcess() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            // Standard input is a closed pipe, as in a Kubernetes Job or 'docker run' without -it.
            CliResult step = PackagedApp.run(db.env(), db.workDir, "migrate", "--step");
            assertThat(step.exitCode()).as(step.toString()).isEqualTo(2);
            assertThat(step.err()).contains("needs a terminal", "run without --step");
            assertThat(db.relations()).isEmpty();

            CliResult dry = PackagedApp.run(db.env(), db.workDir, "migrate", "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains("would apply 10 migration(s)", "CREATE TABLE accounts");
            assertThat(db.relations()).isEmpty();

            CliResult migrate = PackagedApp.run(db.env(), db.workDir, "migrate");
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(migrate.out()).contains("applied 10 migration(s)");

            CliResult revert = PackagedApp.run(db.env(), db.workDir, "downgrade", "--to-baseline", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("reverted 9 migration(s), 9 -> none");
            assertThat(db.relations()).containsExactly("flyway_schema_history");

            CliResult created = PackagedApp.run(db.env(), db.workDir, "new", "add notes", "--no-undo");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            try (var files = Files.list(db.workDir.resolve("migrations"))) {
                List<String> names = files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith("__add_notes.sql")).toList();
                assertThat(names).hasSize(1).allMatch(n -> n.matches("V\\d{14}__add_notes\\.sql"));
            }
        }
    }
}
