package dev.fleetway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetway new} in a folder's own layout and numbering. */
class NewMigrationTest {
    private static final Instant NOON = Instant.parse("2026-11-23T12:00:05Z");

    @TempDir
    Path dir;

    private NewMigration plan(String layout, boolean withDown) {
        return NewMigration.plan(LayoutChoice.of(layout), dir, p -> false, NOON, "add_notes", "add notes", withDown);
    }

    @Test
    void aCountedGolangMigrateFolderGetsTheNextNumberPaddedLikeItsFiles() throws Exception {
        Files.writeString(dir.resolve("000001_a.up.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("000002_b.up.sql"), "SELECT 1;");
        NewMigration m = plan("auto", true);
        assertThat(m.layout().name()).isEqualTo("golang-migrate");
        assertThat(m.version()).isEqualTo("000003");
        assertThat(m.files()).extracting(Layout.NewFile::relativePath)
                .containsExactly("000003_add_notes.up.sql", "000003_add_notes.down.sql");
    }

    @Test
    void timestampedFoldersGetTheTimeAndHasuraGetsMilliseconds() throws Exception {
        Files.writeString(dir.resolve("20240101000000_a.sql"), "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
        NewMigration dbmate = plan("auto", true);
        assertThat(dbmate.layout().name()).isEqualTo("dbmate");
        assertThat(dbmate.files()).singleElement().satisfies(f -> {
            assertThat(f.relativePath()).isEqualTo("20261123120005_add_notes.sql");
            assertThat(f.content()).contains("-- migrate:up\n", "-- migrate:down\n");
        });
        assertThat(plan("hasura", true).files()).extracting(Layout.NewFile::relativePath)
                .containsExactly("1795435205000_add_notes/up.sql", "1795435205000_add_notes/down.sql");
        assertThat(plan("sqlx", false).files()).extracting(Layout.NewFile::relativePath)
                .containsExactly("20261123120005_add_notes.sql");
    }

    @Test
    void anEmptyFolderIsFlywaysAndAVersionThatExistsIsRefused() throws Exception {
        NewMigration flyway = plan("auto", true);
        assertThat(flyway.files()).extracting(Layout.NewFile::relativePath)
                .containsExactly("V20261123120005__add_notes.sql", "U20261123120005__add_notes.sql");
        Files.writeString(dir.resolve("20261123120005_x.up.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("20261123120004_y.up.sql"), "SELECT 1;");
        assertThatThrownBy(() -> plan("golang-migrate", true))
                .hasMessageContaining("already exists with version 20261123120005");
    }
}
