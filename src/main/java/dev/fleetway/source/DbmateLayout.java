package dev.fleetway.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbmate's layout: one file per migration, {@code {version}_{name}.sql} (dbmate needs only the leading digits),
 * holding a {@code -- migrate:up} section and a {@code -- migrate:down} section. {@code transaction:false} on a
 * marker line runs that section outside a transaction. The up section is the up script (and what is checksummed);
 * the down section, whose name is {@code FILE#down}, is its down script.
 */
public final class DbmateLayout implements Layout {
    static final Pattern NAME = Pattern.compile("(\\d+)_?(.*)\\.sql");
    static final Pattern UP = Pattern.compile("--\\s*migrate:up(\\s.*)?");
    static final Pattern DOWN = Pattern.compile("--\\s*migrate:down(\\s.*)?");
    private static final Pattern MARKER = Pattern.compile("^--\\s*migrate:(up|down)");
    /** How a down section's script is named: its file's path and this. */
    static final String DOWN_SUFFIX = "#down";

    @Override
    public String name() {
        return "dbmate";
    }

    @Override
    public Reading read(List<SourceFile> files) {
        return Reading.eachFile(files, f -> {
            Matcher m = NAME.matcher(f.filename());
            if (!m.matches()) {
                return Optional.empty();
            }
            List<MigrationFile> scripts = new ArrayList<>();
            Sections sections = Sections.split(f, UP, DOWN, name(), "-- migrate:up", "-- migrate:down");
            String version = Numbered.version(m.group(1));
            String description = Numbered.description(m.group(2));
            scripts.add(MigrationFile.of(f, f.relativePath(), MigrationFile.Kind.VERSIONED, version, description,
                    sections.up(), outside(sections.upMarker())));
            if (sections.down().isPresent()) {
                scripts.add(MigrationFile.of(f, f.relativePath() + DOWN_SUFFIX, MigrationFile.Kind.UNDO, version,
                        description, sections.down().get(), outside(sections.downMarker().orElseThrow())));
            }
            return Optional.of(scripts);
        });
    }

    /** Whether a marker line says {@code transaction:false}, read as dbmate reads its options. */
    static boolean outside(String markerLine) {
        Map<String, String> options = new HashMap<>();
        for (String token : MARKER.matcher(markerLine).replaceFirst("").strip().split("\\s+")) {
            String[] kv = token.split(":", -1);
            if (kv.length == 2) {
                options.put(kv[0], kv[1]);
            }
        }
        return "false".equals(options.get("transaction"));
    }

    /** Whether {@code file} is shaped like a dbmate migration: numbered, with a {@code -- migrate:up} line. */
    static boolean looksLikeOne(SourceFile file) {
        return NAME.matcher(file.filename()).matches()
                && file.content().lines().anyMatch(l -> UP.matcher(l).matches());
    }

    @Override
    public String declareOutside() {
        return "'transaction:false' on its '-- migrate:up' line (or '-- fleetway:non-transactional')";
    }

    @Override
    public String expectedForm() {
        return "{version}_{name}.sql with '-- migrate:up' and '-- migrate:down' sections";
    }

    @Override
    public String downScriptFor(MigrationFile up) {
        return "a '-- migrate:down' section at the end of " + up.relativePath();
    }

    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        return List.of(new NewFile(version + "_" + slug + ".sql", Numbered.header(version, description, created,
                "dbmate layout") + "-- migrate:up\n\n\n" + (withDown ? "-- migrate:down\n\n" : "")));
    }
}
