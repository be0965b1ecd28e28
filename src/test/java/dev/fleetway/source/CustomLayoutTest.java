package dev.fleetway.source;

import static dev.fleetway.source.LayoutsTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fleetway.FleetwayException;

/** The custom layout, on the two worked examples of docs/configuration.md and on its refusals. */
class CustomLayoutTest {

    /** Worked example 1: goose-style single files with markers. */
    static CustomLayoutSpec goose() {
        return new CustomLayoutSpec("{version}_{name}.sql", Optional.empty(), Optional.of("-- +goose Up"),
                Optional.of("-- +goose Down"), Optional.empty(), Optional.of("-- +goose NO TRANSACTION"),
                Optional.empty(), List.of());
    }

    /** Worked example 2: one directory per change, a dialect infix, a non-transactional suffix. */
    static CustomLayoutSpec dialects() {
        return new CustomLayoutSpec("{version}-{name}/forward[.{dialect}].sql",
                Optional.of("{version}-{name}/backward[.{dialect}].sql"), Optional.empty(), Optional.empty(),
                Optional.of(".notx"), Optional.empty(), Optional.of("postgresql"), List.of("mysql", "sqlite"));
    }

    private static MigrationFile script(Layout.Reading r, String script) {
        return r.scripts().stream().filter(s -> s.script().equals(script)).findFirst()
                .orElseThrow(() -> new AssertionError(script + " not among " + r.scripts()));
    }

    @Test
    void gooseStyleFilesSplitAtTheirMarkersAndTheNoTransactionLineRunsThemOutsideOne() {
        Layout.Reading r = new CustomLayout(goose()).read(files(
                "00001_create_users.sql", "-- +goose Up\nCREATE TABLE users (id int);\n-- +goose Down\nDROP TABLE users;\n",
                "00002_index_users.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY u ON users (id);\n"
                        + "-- +goose Down\nDROP INDEX CONCURRENTLY u;\n",
                "README.sql", "--"));
        MigrationFile first = script(r, "00001_create_users.sql");
        assertThat(first.version()).contains("1");
        assertThat(first.description()).isEqualTo("create users");
        assertThat(first.content()).isEqualTo("-- +goose Up\nCREATE TABLE users (id int);\n");
        assertThat(script(r, "00001_create_users.sql#down").content()).isEqualTo("\n\n-- +goose Down\nDROP TABLE users;\n");
        assertThat(script(r, "00002_index_users.sql").nonTransactional()).isTrue();
        assertThat(script(r, "00002_index_users.sql#down").nonTransactional()).isTrue();
        assertThat(first.nonTransactional()).isFalse();
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath).containsExactly("README.sql");
    }

    @Test
    void aDialectFileWinsOverTheGenericOneOtherDialectsAreSkippedAndTheSuffixMeansNoTransaction() {
        Layout.Reading r = new CustomLayout(dialects()).read(files(
                "0001-accounts/forward.sql", "CREATE TABLE accounts (id int);",
                "0001-accounts/backward.sql", "DROP TABLE accounts;",
                "0002-search/forward.sql", "generic",
                "0002-search/forward.postgresql.sql", "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
                "0002-search/forward.sqlite.sql", "sqlite",
                "0002-search/backward.mysql.sql", "mysql",
                "0003-email_index/forward.postgresql.notx.sql", "CREATE INDEX CONCURRENTLY e ON accounts (id);",
                "0003-email_index/forward.oracle.sql", "not a configured dialect"));
        assertThat(r.scripts()).extracting(MigrationFile::script).containsExactlyInAnyOrder(
                "0001-accounts/forward.sql", "0001-accounts/backward.sql", "0002-search/forward.postgresql.sql",
                "0003-email_index/forward.postgresql.notx.sql");
        assertThat(script(r, "0002-search/forward.postgresql.sql").version()).contains("2");
        assertThat(script(r, "0003-email_index/forward.postgresql.notx.sql").nonTransactional()).isTrue();
        assertThat(script(r, "0003-email_index/forward.postgresql.notx.sql").description()).isEqualTo("email index");
        assertThat(script(r, "0001-accounts/backward.sql").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath)
                .containsExactly("0003-email_index/forward.oracle.sql");
    }

    @Test
    void aRegularExpressionReadsTheVersionFromItsDigitsAndCannotNameNewFiles() {
        CustomLayoutSpec spec = new CustomLayoutSpec("regex:(?<version>\\d{4}-\\d{2}-\\d{2})_(?<name>\\w+)\\.apply\\.sql",
                Optional.of("regex:(?<version>\\d{4}-\\d{2}-\\d{2})_(?<name>\\w+)\\.rollback\\.sql"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        Layout.Reading r = new CustomLayout(spec).read(files("2024-01-31_init.apply.sql", "SELECT 1;",
                "2024-01-31_init.rollback.sql", "SELECT 2;"));
        assertThat(script(r, "2024-01-31_init.apply.sql").version()).contains("2024.1.31");
        assertThat(script(r, "2024-01-31_init.rollback.sql").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThatThrownBy(() -> new CustomLayout(spec).scaffold("1", "x", "x", Instant.EPOCH, true))
                .isInstanceOf(FleetwayException.class).hasMessageContaining("regular expression");
    }

    @Test
    void newFillsTheTemplatesLeavingOptionalPartsOut() {
        assertThat(new CustomLayout(dialects()).scaffold("0004", "add_notes", "add notes", Instant.EPOCH, true))
                .extracting(Layout.NewFile::relativePath)
                .containsExactly("0004-add_notes/forward.sql", "0004-add_notes/backward.sql");
        List<Layout.NewFile> goose = new CustomLayout(goose()).scaffold("00003", "x", "x", Instant.EPOCH, true);
        assertThat(goose).hasSize(1);
        assertThat(goose.get(0).content()).contains("-- +goose Up\n", "-- +goose Down\n");
    }

    @Test
    void malformedSettingsAreUsageErrorsNamingTheKey() {
        assertThatThrownBy(() -> new CustomLayout(new CustomLayoutSpec("{name}.sql", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of())))
                .hasMessageContaining("fleetway.custom-layout.up '{name}.sql' has no {version}");
        assertThatThrownBy(() -> new CustomLayout(new CustomLayoutSpec("{version}.sql", Optional.empty(),
                Optional.of("-- up"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of())))
                .hasMessageContaining("up-marker and fleetway.custom-layout.down-marker go together");
        assertThatThrownBy(() -> new CustomLayout(new CustomLayoutSpec("{version}[.{dialect}].sql", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of())))
                .hasMessageContaining("uses {dialect} but fleetway.custom-layout.dialect is not set");
        assertThatThrownBy(() -> new CustomLayout(new CustomLayoutSpec("regex:(?<version>\\d+", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of())))
                .hasMessageContaining("is not a regular expression");
    }
}
