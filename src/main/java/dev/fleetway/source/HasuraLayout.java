package dev.fleetway.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Hasura's layout (other tools use the same shape): one directory per migration, {@code {version}_{name}/up.sql}
 * and {@code down.sql}, the version usually milliseconds since the epoch (13 digits). As the Hasura CLI does, a
 * file inside such a directory is read as {@code {directory}.{file}} with golang-migrate's expression, so Hasura's
 * older flat form {@code {version}_{name}.up.sql} is read too; empty files are skipped, as Hasura skips them.
 */
public final class HasuraLayout implements Layout {

    @Override
    public String name() {
        return "hasura";
    }

    @Override
    public Reading read(List<SourceFile> files) {
        return Reading.eachFile(files, f -> {
            Matcher m = GolangMigrateLayout.NAME.matcher(inMigrationDirectory(f) ? f.parentName() + "." + f.filename()
                    : f.filename());
            if (!m.matches()) {
                return Optional.empty();
            }
            // an empty up.sql or down.sql is how Hasura leaves a direction out
            return Optional.of(f.content().isEmpty() ? List.of() : List.of(GolangMigrateLayout.script(f, m)));
        });
    }

    /** Whether {@code file} is {@code up.sql} or {@code down.sql} in a {@code {version}_{name}} directory. */
    static boolean inMigrationDirectory(SourceFile file) {
        return (file.filename().equals("up.sql") || file.filename().equals("down.sql"))
                && file.parentName().matches("[0-9]+_.*");
    }

    @Override
    public String declareOutside() {
        return "'-- fleetway:non-transactional'";
    }

    @Override
    public String expectedForm() {
        return "{version}_{name}/up.sql and {version}_{name}/down.sql";
    }

    @Override
    public String downScriptFor(MigrationFile up) {
        String path = up.relativePath();
        return path.endsWith("/up.sql") ? path.substring(0, path.length() - "up.sql".length()) + "down.sql"
                : path.replaceFirst("\\.up\\.sql$", ".down.sql");
    }

    /** Hasura numbers migrations by milliseconds since the epoch. */
    @Override
    public String nextVersion(Instant now, List<String> existing) {
        return String.valueOf(now.toEpochMilli());
    }

    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        String dir = version + "_" + slug + "/";
        List<NewFile> files = new ArrayList<>();
        files.add(new NewFile(dir + "up.sql", Numbered.header(version, description, created,
                "applied once, in version order")));
        if (withDown) {
            files.add(new NewFile(dir + "down.sql", Numbered.header(version, description, created,
                    "undone by 'fleetway revert'")));
        }
        return files;
    }
}
