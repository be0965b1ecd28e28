package dev.fleetway.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.source.LayoutChoice;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;

/**
 * The checksum of a script in every layout is Flyway's (CRC32 over the lines without their line breaks) of the up
 * script as Fleetway runs it; for dbmate, of the up section. The expected values were computed outside Java
 * ({@code zlib.crc32} of the concatenated lines, as a signed 32-bit integer).
 */
class LayoutChecksumTest {
    @TempDir
    Path dir;

    private ExpectedHistory expected(String layout) {
        return ExpectedHistory.of(MigrationSource.load(List.of("filesystem:" + dir), List.of(), LayoutChoice.of(layout)));
    }

    @Test
    void aGolangMigrateScriptsChecksumIsFlywaysOverTheWholeFile() throws Exception {
        Files.writeString(dir.resolve("1_a.up.sql"), "CREATE TABLE gm_a(id bigint PRIMARY KEY);\n");
        assertThat(expected("golang-migrate").versioned()).containsEntry("1", 1782999293);
    }

    @Test
    void aDbmateScriptsChecksumCoversItsUpSectionOnly() throws Exception {
        Files.writeString(dir.resolve("20240101000000_a.sql"),
                "-- migrate:up\nCREATE TABLE dm_a(id bigint);\n\n-- migrate:down\nDROP TABLE dm_a;\n");
        assertThat(expected("dbmate").versioned()).containsEntry("20240101000000", 682593337);
        Files.writeString(dir.resolve("20240101000000_a.sql"),
                "-- first a comment\n-- migrate:up\nCREATE TABLE dm_a(id bigint);\n-- migrate:down\nDROP TABLE x;\n");
        assertThat(expected("dbmate").versioned()).as("comments above and the down section do not count")
                .containsEntry("20240101000000", 682593337);
    }

    @Test
    void flywayIsShownEachScriptUnderAFlywayNameThatReadsBackAsItsVersionAndDescription() throws Exception {
        Files.createDirectories(dir.resolve("1616826845839_add_users"));
        Files.writeString(dir.resolve("1616826845839_add_users/up.sql"), "SELECT 1;");
        MigrationFile up = MigrationSource.load(List.of("filesystem:" + dir), List.of(), LayoutChoice.of("hasura"))
                .files().get(0);
        assertThat(MigrationResources.flywayName(up)).isEqualTo("V1616826845839__add_users.sql");
        assertThat(MigrationResources.resource(up).getRelativePath()).isEqualTo("1616826845839_add_users/up.sql");
    }
}
