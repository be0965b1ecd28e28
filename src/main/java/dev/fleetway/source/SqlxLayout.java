package dev.fleetway.source;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * sqlx's layout: {@code {version}_{description}.sql} (up only), or {@code {version}_{description}.up.sql} and
 * {@code .down.sql}; the version is the number before the first {@code _}. A script whose text starts with
 * {@code -- no-transaction} (byte for byte, as sqlx checks it) runs outside a transaction; so does one that
 * declares {@code -- fleetway:non-transactional} or holds statements that cannot run in one.
 */
public final class SqlxLayout implements Layout {
    /** sqlx's marker of a script that runs outside a transaction: a prefix of the whole text. */
    static final String NO_TRANSACTION = "-- no-transaction";

    @Override
    public String name() {
        return "sqlx";
    }

    @Override
    public Reading read(List<SourceFile> files) {
        return Reading.eachFile(files, f -> {
            String name = f.filename();
            int underscore = name.indexOf('_');
            if (underscore < 1 || !name.substring(0, underscore).matches("\\d+") || !name.endsWith(".sql")) {
                return Optional.empty();
            }
            String rest = name.substring(underscore + 1);
            MigrationFile.Kind kind = rest.endsWith(".down.sql") ? MigrationFile.Kind.UNDO : MigrationFile.Kind.VERSIONED;
            String suffix = rest.endsWith(".up.sql") ? ".up.sql" : rest.endsWith(".down.sql") ? ".down.sql" : ".sql";
            while (rest.endsWith(suffix)) { // sqlx's trim_end_matches: a repeated suffix goes too
                rest = rest.substring(0, rest.length() - suffix.length());
            }
            return Optional.of(List.of(MigrationFile.of(f, f.relativePath(), kind,
                    Numbered.version(name.substring(0, underscore)), Numbered.description(rest), f.content(),
                    f.content().startsWith(NO_TRANSACTION))));
        });
    }

    @Override
    public String declareOutside() {
        return "'-- no-transaction' as its first line (or '-- fleetway:non-transactional')";
    }

    @Override
    public String expectedForm() {
        return "{version}_{description}.sql, or {version}_{description}.up.sql and .down.sql";
    }

    @Override
    public String downScriptFor(MigrationFile up) {
        String path = up.relativePath();
        return path.endsWith(".up.sql") ? path.replaceFirst("\\.up\\.sql$", ".down.sql")
                : path.replaceFirst("\\.sql$", ".down.sql") + " (renaming " + up.filename() + " to "
                        + up.filename().replaceFirst("\\.sql$", ".up.sql") + ")";
    }

    /** A reversible pair, or with {@code --no-undo} a simple {@code {version}_{slug}.sql}. */
    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        if (!withDown) {
            return List.of(new NewFile(version + "_" + slug + ".sql", Numbered.header(version, description, created,
                    "applied once, in version order")));
        }
        return GolangMigrateLayout.pair(version, slug, description, created, true);
    }
}
