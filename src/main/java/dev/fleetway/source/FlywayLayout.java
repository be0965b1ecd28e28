package dev.fleetway.source;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flyway's layout: {@code V<version>__<description>.sql} (up), {@code U<version>__<description>.sql} (its down
 * script), {@code R__<description>.sql} (repeatable), Flyway's SQL callbacks ({@code afterMigrate.sql}…), and
 * Flyway's script configuration beside a script ({@code V1__x.sql.conf}). A script's name is its path below the
 * location, as Flyway records it, so a database plain Flyway migrated is continued as it is.
 */
public final class FlywayLayout implements Layout {
    /** The suffix of Flyway's script configuration file beside a script: {@code V1__x.sql.conf}. */
    static final String CONF = ".conf";

    @Override
    public String name() {
        return "flyway";
    }

    @Override
    public Reading read(List<SourceFile> files) {
        Map<String, SourceFile> confs = new HashMap<>();
        files.stream().filter(f -> f.relativePath().endsWith(CONF))
                .forEach(f -> confs.put(f.relativePath().substring(0, f.relativePath().length() - CONF.length()), f));
        List<MigrationFile> scripts = new ArrayList<>();
        List<SourceFile> unrecognised = new ArrayList<>();
        for (SourceFile f : files) {
            if (f.relativePath().endsWith(CONF)) {
                continue;
            }
            Optional<MigrationFile> script = MigrationFile.parse(f.relativePath(), f.location(), f.content())
                    .map(m -> m.withConf(Optional.ofNullable(confs.remove(f.relativePath())).map(SourceFile::content)));
            if (script.isPresent()) {
                scripts.add(script.get());
            } else {
                unrecognised.add(f);
            }
        }
        // a script configuration whose script is gone (or misspelt) would configure nothing
        files.stream().filter(f -> f.relativePath().endsWith(CONF) && confs.containsKey(f.relativePath()
                .substring(0, f.relativePath().length() - CONF.length()))).forEach(unrecognised::add);
        return new Reading(scripts, unrecognised);
    }

    @Override
    public String declareOutside() {
        return "'-- fleetway:non-transactional' (or executeInTransaction=false in its .sql.conf)";
    }

    @Override
    public String expectedForm() {
        return MigrationFile.EXPECTED_FORM;
    }

    @Override
    public String downScriptFor(MigrationFile up) {
        return "U" + up.version().orElseThrow() + "__" + up.description().replace(' ', '_') + ".sql";
    }

    /** As ever: the UTC time, whatever the folder's numbering (a Flyway project's versions are often counted). */
    @Override
    public String nextVersion(Instant now, List<String> existing) {
        return NewVersions.timestamp(now);
    }

    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        String up = "V" + version + "__" + slug + ".sql";
        String down = "U" + version + "__" + slug + ".sql";
        String when = DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS));
        List<NewFile> files = new ArrayList<>();
        files.add(new NewFile(up, "-- V" + version + ": " + description + "\n-- Created " + when + " by 'fleetway"
                + " new'. Runs once, in version order, in one transaction; do not edit it once applied.\n"
                + (withDown ? "-- Its down script is " + down + " ('fleetway revert').\n" : "") + "\n"));
        if (withDown) {
            files.add(new NewFile(down, "-- U" + version + ": undoes V" + version + " (" + description + ").\n-- Run"
                    + " by 'fleetway revert', newest version first, in one transaction with the removal of its history"
                    + " row.\n\n"));
        }
        return files;
    }
}
