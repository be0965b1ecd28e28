package dev.fleetway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/** Reading a folder with a layout: which layout, and the hardening rules in every layout. */
class MigrationSourceLayoutTest {
    @TempDir
    Path dir;

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private MigrationSource load(String layout, String... ignored) {
        return MigrationSource.load(List.of("filesystem:" + dir), List.of(ignored), LayoutChoice.of(layout));
    }

    private static ExitCode code(Throwable e) {
        return ((FleetwayException) e).exitCode();
    }

    @Test
    void autoReadsAGolangMigrateFolderAndOrdersItsVersionsNumerically() throws Exception {
        write("9_nine.up.sql", "SELECT 9;");
        write("10_ten.up.sql", "SELECT 10;");
        write("10_ten.down.sql", "SELECT -10;");
        MigrationSource source = load("auto");
        assertThat(source.layout().name()).isEqualTo("golang-migrate");
        assertThat(source.files()).extracting(MigrationFile::script)
                .containsExactlyInAnyOrder("9_nine.up.sql", "10_ten.up.sql", "10_ten.down.sql");
    }

    @Test
    void aFileTheLayoutDoesNotRecogniseIsRefusedUnlessIgnoredNamingTheLayoutsForm() throws Exception {
        write("1_a.up.sql", "SELECT 1;");
        write("1_a_seed.sql", "INSERT INTO a VALUES (1);");
        assertThatThrownBy(() -> load("golang-migrate")).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("migration file 1_a_seed.sql")
                .hasMessageContaining("not named as a migration of the golang-migrate layout")
                .hasMessageContaining("{version}_{title}.up.sql").hasMessageContaining("fleetway.ignore-files")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ExitCode.VALIDATION_FAILED));
        assertThat(load("golang-migrate", "*_seed.sql").files()).hasSize(1);
        assertThat(load("auto", "*_seed.sql").layout().name()).as("ignored files do not count for auto")
                .isEqualTo("golang-migrate");
    }

    @Test
    void twoScriptsOfOneVersionAreRefusedAlsoWhenTheirNumbersAreWrittenDifferently() throws Exception {
        write("1_a.up.sql", "SELECT 1;");
        write("001_b.up.sql", "SELECT 1;");
        assertThatThrownBy(() -> load("auto")).hasMessageContaining("have the same version 1")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ExitCode.VALIDATION_FAILED));
    }

    @Test
    void aScriptConfigurationOutsideTheFlywayLayoutIsRefusedAndAMixedFolderIsAUsageError() throws Exception {
        write("1_a.up.sql", "SELECT 1;");
        write("1_a.up.sql.conf", "executeInTransaction=false\n");
        assertThatThrownBy(() -> load("auto")).hasMessageContaining("is read only in the flyway layout")
                .hasMessageContaining("-- fleetway:non-transactional");
        write("V2__b.sql", "SELECT 2;");
        assertThatThrownBy(() -> load("auto")).hasMessageContaining("fit more than one layout")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void aFolderWithoutMigrationsSaysWhichLayoutItWasReadIn() throws Exception {
        write("notes/readme.txt", "");
        assertThatThrownBy(() -> load("dbmate")).hasMessageContaining("no migrations found")
                .hasMessageContaining("(dbmate layout)").hasMessageContaining("-- migrate:up")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ExitCode.USAGE));
    }
}
