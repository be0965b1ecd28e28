package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class NewCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-23T12:00:05Z"), ZoneOffset.UTC);

    @Test
    void newWritesATimestampedMigrationAndItsDownScriptThatUpgradeAndRevertRun() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            CliResult created = InteractiveCli.withClock(db, NOON, "new", "Add", "invoice NOTES!");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            Path up = db.migrations.resolve("V20261123120005__add_invoice_notes.sql");
            Path down = db.migrations.resolve("U20261123120005__add_invoice_notes.sql");
            assertThat(created.out()).contains("created migrations/V20261123120005__add_invoice_notes.sql",
                    "created migrations/U20261123120005__add_invoice_notes.sql");
            assertThat(Files.readString(up)).startsWith("-- V20261123120005: Add invoice NOTES!\n")
                    .contains("U20261123120005__add_invoice_notes.sql");
            assertThat(Files.readString(down)).startsWith("-- U20261123120005: undoes V20261123120005");

            Files.writeString(up, Files.readString(up) + "ALTER TABLE invoices ADD COLUMN notes text;\n");
            Files.writeString(down, Files.readString(down) + "ALTER TABLE invoices DROP COLUMN notes;\n");
            CliResult upgrade = db.fleetway("upgrade");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
            assertThat(upgrade.out()).contains("9 -> 20261123120005");
            assertThat(db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'invoices'"
                    + " AND column_name = 'notes'")).containsExactly("1");

            CliResult revert = db.fleetway("revert", "--yes");
            assertThat(revert.exitCode()).as(revert.toString()).isZero();
            assertThat(revert.out()).contains("20261123120005 -> 9");
            assertThat(db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'invoices'"
                    + " AND column_name = 'notes'")).containsExactly("0");
        }
    }

    @Test
    void newRefusesToOverwriteAndNeedsNoDatabase() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(InteractiveCli.withClock(db, NOON, "new", "add notes").exitCode()).isZero();
            Path up = db.migrations.resolve("V20261123120005__add_notes.sql");
            Files.writeString(up, "SELECT 1;\n");
            CliResult again = InteractiveCli.withClock(db, NOON, "new", "add other notes");
            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.err()).contains("already exists with version 20261123120005", "nothing was written");
            assertThat(Files.readString(up)).isEqualTo("SELECT 1;\n");
            assertThat(db.migrations.resolve("V20261123120005__add_other_notes.sql")).doesNotExist();

            assertThat(InteractiveCli.withClock(db, NOON, "new", "--", "--- !").exitCode()).isEqualTo(2);
        }
    }

    @Test
    void newWithoutUndoWritesOnlyTheVersionedFileIntoTheConfiguredDirectory() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path dir = db.workDir.resolve("db/changes");
            Map<String, String> env = new HashMap<>(Map.of("FLEETWAY_LOCATIONS", "filesystem:db/changes"));
            CliResult json = dev.fleetway.testing.Cli.run(env, db.workDir, "new", "Seed plans", "--no-undo",
                    "--format", "json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode result = json.result();
            String version = result.get("version").asText();
            assertThat(version).matches("\\d{14}");
            assertThat(result.get("files")).extracting(JsonNode::asText)
                    .containsExactly("db/changes/V" + version + "__seed_plans.sql");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .isEqualTo(List.of("V" + version + "__seed_plans.sql"));
            }
            CliResult plain = dev.fleetway.testing.Cli.run(Map.of(), db.workDir, "new", "x");
            assertThat(plain.exitCode()).as(plain.toString()).isZero();
            assertThat(plain.out()).contains("created migrations/V");
        }
    }
}
