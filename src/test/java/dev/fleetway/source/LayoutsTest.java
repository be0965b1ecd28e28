package dev.fleetway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/** How each named layout reads file names and contents into scripts, and how {@code auto} picks one. */
class LayoutsTest {
    private static final String LOC = "filesystem:/m";

    /** Files from {@code path, content, path, content…}. */
    static List<SourceFile> files(String... pathsAndContents) {
        List<SourceFile> files = new ArrayList<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.add(new SourceFile(pathsAndContents[i], LOC, pathsAndContents[i + 1]));
        }
        return files;
    }

    private static MigrationFile only(Layout.Reading reading, String script) {
        return reading.scripts().stream().filter(s -> s.script().equals(script)).findFirst()
                .orElseThrow(() -> new AssertionError(script + " not among " + reading.scripts()));
    }

    @Test
    void golangMigrateReadsNumberedUpAndDownPairsWithVersionsWithoutLeadingZeros() {
        Layout.Reading r = new GolangMigrateLayout().read(files("0002_add_users.up.sql", "CREATE TABLE u (id int);",
                "0002_add_users.down.sql", "DROP TABLE u;", "20240131120000_index.up.sql", "SELECT 1;",
                "seed.sql", "INSERT …", "V3__flyway.sql", "SELECT 1;"));
        MigrationFile up = only(r, "0002_add_users.up.sql");
        assertThat(up.kind()).isEqualTo(MigrationFile.Kind.VERSIONED);
        assertThat(up.version()).contains("2");
        assertThat(up.description()).isEqualTo("add users");
        assertThat(only(r, "0002_add_users.down.sql").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(only(r, "20240131120000_index.up.sql").version()).contains("20240131120000");
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath).containsExactly("seed.sql", "V3__flyway.sql");
        assertThat(new GolangMigrateLayout().downScriptFor(up)).isEqualTo("0002_add_users.down.sql");
    }

    @Test
    void sqlxReadsPlainAndReversibleFilesAndHonoursNoTransactionOnlyAsTheVeryFirstBytes() {
        Layout.Reading r = new SqlxLayout().read(files("20240101000000_create_table.sql", "CREATE TABLE t (id int);",
                "20240102000000_index.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY t_idx ON t (id);\n",
                "20240103000000_late.up.sql", " -- no-transaction\nSELECT 1;", "20240103000000_late.down.sql", "SELECT 2;",
                "x_notanumber.sql", "SELECT 1;"));
        MigrationFile plain = only(r, "20240101000000_create_table.sql");
        assertThat(plain.kind()).isEqualTo(MigrationFile.Kind.VERSIONED);
        assertThat(plain.description()).isEqualTo("create table");
        assertThat(plain.nonTransactional()).isFalse();
        assertThat(only(r, "20240102000000_index.sql").nonTransactional()).isTrue();
        assertThat(only(r, "20240103000000_late.up.sql").nonTransactional()).as("a leading space defeats it").isFalse();
        assertThat(only(r, "20240103000000_late.down.sql").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(only(r, "20240103000000_late.up.sql").description()).isEqualTo("late");
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath).containsExactly("x_notanumber.sql");
    }

    @Test
    void dbmateSplitsOneFileIntoItsSectionsKeepingTheFilesLineNumbers() {
        String text = "-- a comment\n\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (x);\n\n"
                + "-- migrate:down\nDROP INDEX i;\n";
        Layout.Reading r = new DbmateLayout().read(files("20240101120000_add_index.sql", text));
        MigrationFile up = only(r, "20240101120000_add_index.sql");
        assertThat(up.version()).contains("20240101120000");
        assertThat(up.description()).isEqualTo("add index");
        assertThat(up.nonTransactional()).isTrue();
        assertThat(up.content()).isEqualTo("\n\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (x);\n\n");
        MigrationFile down = only(r, "20240101120000_add_index.sql#down");
        assertThat(down.kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(down.nonTransactional()).isFalse();
        assertThat(down.content()).isEqualTo("\n".repeat(5) + "-- migrate:down\nDROP INDEX i;\n");
        assertThat(down.content().lines().toList().get(6)).as("line 7 of the file").isEqualTo("DROP INDEX i;");
    }

    @Test
    void dbmateRefusesAFileItCannotSplitNamingTheFileAndLine() {
        assertThatThrownBy(() -> new DbmateLayout().read(files("1_a.sql", "CREATE TABLE a (id int);\n")))
                .isInstanceOf(FleetwayException.class).hasMessageContaining("1_a.sql has no '-- migrate:up' line")
                .satisfies(e -> assertThat(((FleetwayException) e).exitCode()).isEqualTo(ExitCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> new DbmateLayout().read(files("1_a.sql", "DROP TABLE x;\n-- migrate:up\nSELECT 1;\n")))
                .hasMessageContaining("1_a.sql (line 1) has a statement before its '-- migrate:up' line");
        assertThatThrownBy(() -> new DbmateLayout().read(files("1_a.sql",
                "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n-- migrate:up\nSELECT 3;\n")))
                .hasMessageContaining("(line 5) has a second '-- migrate:up' line");
    }

    @Test
    void hasuraReadsOneDirectoryPerMigrationAndSkipsEmptyFiles() {
        Layout.Reading r = new HasuraLayout().read(files("1616826845839_init/up.sql", "CREATE TABLE a (id int);",
                "1616826845839_init/down.sql", "DROP TABLE a;", "1616826845840_empty/up.sql", "",
                "1616826845841_flat.up.sql", "SELECT 1;", "notes/readme.sql", "--"));
        MigrationFile up = only(r, "1616826845839_init/up.sql");
        assertThat(up.version()).contains("1616826845839");
        assertThat(up.description()).isEqualTo("init");
        assertThat(only(r, "1616826845839_init/down.sql").kind()).isEqualTo(MigrationFile.Kind.UNDO);
        assertThat(only(r, "1616826845841_flat.up.sql").version()).contains("1616826845841");
        assertThat(r.scripts()).hasSize(3);
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath).containsExactly("notes/readme.sql");
        assertThat(new HasuraLayout().downScriptFor(up)).isEqualTo("1616826845839_init/down.sql");
    }

    @Test
    void fleetwaysOwnMarkerMakesAScriptNonTransactionalInEveryLayout() {
        String marked = "-- fleetway:non-transactional (index build)\nCREATE INDEX CONCURRENTLY i ON t (x);\n";
        assertThat(only(new GolangMigrateLayout().read(files("1_a.up.sql", marked)), "1_a.up.sql").nonTransactional())
                .isTrue();
        assertThat(only(new HasuraLayout().read(files("1_a/up.sql", marked)), "1_a/up.sql").nonTransactional()).isTrue();
        assertThat(only(new DbmateLayout().read(files("1_a.sql", "-- migrate:up\n" + marked)), "1_a.sql")
                .nonTransactional()).isTrue();
    }

    @Test
    void autoDecidesFromTheShapeOfTheNamesAndFromContentWhereNamesLookAlike() {
        assertThat(Layouts.detect(files("V1__a.sql", "", "U1__a.sql", "", "R__v.sql", "", "afterMigrate.sql", "")).name())
                .isEqualTo("flyway");
        assertThat(Layouts.detect(files("1_a.up.sql", "", "1_a.down.sql", "")).name()).isEqualTo("golang-migrate");
        assertThat(Layouts.detect(files("1_a.up.sql", "", "2_b.sql", "SELECT 1;")).name()).isEqualTo("sqlx");
        assertThat(Layouts.detect(files("1_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n")).name())
                .isEqualTo("dbmate");
        assertThat(Layouts.detect(files("1_a/up.sql", "", "1_a/down.sql", "")).name()).isEqualTo("hasura");
        assertThat(Layouts.detect(files("seed.sql", "", "notes.sql", "")).name()).as("nothing recognised").isEqualTo("flyway");
    }

    @Test
    void autoRefusesFilesThatFitMoreThanOneLayoutNamingEach() {
        assertThatThrownBy(() -> Layouts.detect(files("V1__a.sql", "", "V2__b.sql", "", "3_c.up.sql", "")))
                .isInstanceOf(FleetwayException.class)
                .hasMessageContaining("fit more than one layout: flyway (V1__a.sql and 1 more), golang-migrate or sqlx"
                        + " (3_c.up.sql)")
                .hasMessageContaining("--layout")
                .satisfies(e -> assertThat(((FleetwayException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> Layouts.detect(files("1_a.sql", "-- migrate:up\n", "2_b.sql", "SELECT 1;")))
                .hasMessageContaining("dbmate (1_a.sql), sqlx (2_b.sql)");
    }

    @Test
    void aDeclaredCustomLayoutIsWhatAutoUsesAndAnUnknownNameIsAUsageError() {
        CustomLayoutSpec spec = new CustomLayoutSpec("{version}-{name}.sql", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        assertThat(Layouts.resolve(new LayoutChoice("auto", Optional.of(spec)), files("V1__a.sql", ""), f -> false)
                .name()).isEqualTo("custom");
        assertThat(Layouts.resolve(new LayoutChoice("FlyWay", Optional.of(spec)), List.of(), f -> false).name())
                .isEqualTo("flyway");
        assertThatThrownBy(() -> Layouts.named(LayoutChoice.of("liquibase"))).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("unknown layout 'liquibase'").hasMessageContaining("golang-migrate");
        assertThatThrownBy(() -> Layouts.named(LayoutChoice.of("custom")))
                .hasMessageContaining("no custom layout is declared");
    }

    @Test
    void flywayFilesKeepTheirOwnNamesAsScriptsAndTheirScriptConfiguration() {
        Layout.Reading r = new FlywayLayout().read(files("sub/V1_1__a_b.sql", "SELECT 1;", "sub/V1_1__a_b.sql.conf",
                "executeInTransaction=false\n", "V2__x.sql.conf", "executeInTransaction=false\n"));
        MigrationFile v = only(r, "sub/V1_1__a_b.sql");
        assertThat(v.version()).contains("1.1");
        assertThat(v.nonTransactional()).isTrue();
        assertThat(r.unrecognised()).extracting(SourceFile::relativePath).containsExactly("V2__x.sql.conf");
    }
}
