package dev.fleetway.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * golang-migrate's layout: {@code {version}_{title}.up.sql} and {@code {version}_{title}.down.sql}, the version a
 * number (often a 14-digit timestamp), the title anything. A script runs in a transaction unless it declares
 * {@code -- fleetway:non-transactional} or holds statements that cannot run in one ({@code CREATE INDEX
 * CONCURRENTLY}), as Flyway decides.
 */
public final class GolangMigrateLayout implements Layout {
    /** golang-migrate's own expression (source/parse.go), with the extension fixed to {@code sql}. */
    static final Pattern NAME = Pattern.compile("([0-9]+)_(.*)\\.(up|down)\\.sql");

    @Override
    public String name() {
        return "golang-migrate";
    }

    @Override
    public Reading read(List<SourceFile> files) {
        return Reading.eachFile(files, f -> {
            Matcher m = NAME.matcher(f.filename());
            return m.matches() ? Optional.of(List.of(script(f, m))) : Optional.empty();
        });
    }

    /** The up or down script of {@code f}, whose name (or Hasura's directory and name) {@link #NAME} matched. */
    static MigrationFile script(SourceFile f, Matcher m) {
        return MigrationFile.of(f, f.relativePath(), "up".equals(m.group(3)) ? MigrationFile.Kind.VERSIONED
                : MigrationFile.Kind.UNDO, Numbered.version(m.group(1)), Numbered.description(m.group(2)),
                f.content(), false);
    }

    @Override
    public String declareOutside() {
        return "'-- fleetway:non-transactional' (sqlx's '-- no-transaction' first line counts with --layout sqlx)";
    }

    @Override
    public String expectedForm() {
        return "{version}_{title}.up.sql and {version}_{title}.down.sql";
    }

    @Override
    public String downScriptFor(MigrationFile up) {
        return up.relativePath().replaceFirst("\\.up\\.sql$", ".down.sql");
    }

    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        return pair(version, slug, description, created, withDown);
    }

    /** {@code {version}_{slug}.up.sql} and, when asked for, its {@code .down.sql}. */
    static List<NewFile> pair(String version, String slug, String description, Instant created, boolean withDown) {
        List<NewFile> files = new ArrayList<>();
        files.add(new NewFile(version + "_" + slug + ".up.sql", Numbered.header(version, description, created,
                "applied once, in version order")));
        if (withDown) {
            files.add(new NewFile(version + "_" + slug + ".down.sql", Numbered.header(version, description, created,
                    "undone by 'fleetway revert'")));
        }
        return files;
    }
}
