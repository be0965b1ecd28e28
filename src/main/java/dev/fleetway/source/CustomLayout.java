package dev.fleetway.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.fleetway.FleetwayException;

/**
 * A layout declared in configuration ({@link CustomLayoutSpec}), so that a folder no named layout reads runs
 * without renaming files:
 * <ul>
 * <li>files matching the {@code down} pattern are down scripts, other files matching {@code up} are up scripts (see
 * {@link NamePattern}); with an up and a down marker instead of a down pattern, an up file holds both sections, split
 * as {@link Sections} splits them;</li>
 * <li>the version is the digits of the {@code {version}} part, the description the {@code {name}} part with
 * underscores as spaces;</li>
 * <li>a file whose name ends in the non-transactional suffix before {@code .sql}, or that holds a line equal to the
 * non-transactional marker, runs outside a transaction;</li>
 * <li>with {@code {dialect}} in a pattern, a file of another configured dialect is skipped, and a file of
 * {@code dialect} wins over a generic file (no dialect) of the same version and direction.</li>
 * </ul>
 */
public final class CustomLayout implements Layout {
    private static final String KEY = "fleetway.custom-layout.";

    private final CustomLayoutSpec spec;
    private final NamePattern up;
    private final Optional<NamePattern> down;
    private final Optional<Pattern> upMarker;
    private final Optional<Pattern> downMarker;
    private final Optional<Pattern> outsideMarker;

    /**
     * @throws FleetwayException (exit 2) naming the setting for a malformed pattern, one marker without the other,
     *         or markers together with a down pattern
     */
    public CustomLayout(CustomLayoutSpec spec) {
        this.spec = spec;
        List<String> dialects = new ArrayList<>();
        spec.dialect().ifPresent(dialects::add);
        dialects.addAll(spec.otherDialects());
        this.up = NamePattern.compile(spec.up(), KEY + "up", dialects);
        this.down = spec.down().filter(d -> !d.isBlank()).map(d -> NamePattern.compile(d, KEY + "down", dialects));
        if (spec.upMarker().isPresent() != spec.downMarker().isPresent()) {
            throw FleetwayException.usage(KEY + "up-marker and " + KEY + "down-marker go together — set both (e.g."
                    + " '-- +goose Up' and '-- +goose Down'), or neither");
        }
        if (spec.upMarker().isPresent() && down.isPresent()) {
            throw FleetwayException.usage(KEY + "down is set together with markers — with markers one file holds both"
                    + " directions: remove " + KEY + "down, or the markers");
        }
        this.upMarker = spec.upMarker().map(CustomLayout::line);
        this.downMarker = spec.downMarker().map(CustomLayout::line);
        this.outsideMarker = spec.nonTransactionalMarker().filter(m -> !m.isBlank()).map(CustomLayout::line);
    }

    /** A marker as a whole line: the text, after optional indentation, alone or followed by white space. */
    private static Pattern line(String marker) {
        return Pattern.compile("\\s*" + Pattern.quote(marker.strip()) + "(\\s.*)?");
    }

    @Override
    public String name() {
        return "custom";
    }

    /** One script read, and whether it is of the configured dialect (rather than generic). */
    private record Candidate(MigrationFile script, boolean ofDialect) {
    }

    @Override
    public Reading read(List<SourceFile> files) {
        Map<String, List<Candidate>> byVersion = new LinkedHashMap<>();
        List<SourceFile> unrecognised = new ArrayList<>();
        for (SourceFile f : files) {
            String path = f.relativePath();
            boolean outside = outsideMarker.isPresent() && f.content().lines()
                    .anyMatch(l -> outsideMarker.get().matcher(l).matches());
            Optional<String> suffix = spec.nonTransactionalSuffix().filter(s -> !s.isBlank());
            if (suffix.isPresent() && path.endsWith(suffix.get() + ".sql")) {
                path = path.substring(0, path.length() - suffix.get().length() - ".sql".length()) + ".sql";
                outside = true;
            }
            String matched = path;
            Optional<NamePattern.Match> asDown = down.flatMap(p -> p.match(matched));
            Optional<NamePattern.Match> asUp = asDown.isPresent() ? Optional.empty() : up.match(matched);
            if (asDown.isEmpty() && asUp.isEmpty() || !f.relativePath().endsWith(".sql")) {
                unrecognised.add(f);
                continue;
            }
            NamePattern.Match m = asDown.or(() -> asUp).orElseThrow();
            if (NamePattern.otherDialect(m, spec.dialect())) {
                continue; // another database's file
            }
            boolean ofDialect = m.dialect().isPresent();
            String description = Numbered.description(m.name());
            List<MigrationFile> scripts = new ArrayList<>();
            if (asDown.isPresent()) {
                scripts.add(MigrationFile.of(f, f.relativePath(), MigrationFile.Kind.UNDO, m.version(), description,
                        f.content(), outside));
            } else if (upMarker.isPresent()) {
                Sections sections = Sections.split(f, upMarker.get(), downMarker.orElseThrow(), "custom",
                        spec.upMarker().orElseThrow().strip(), spec.downMarker().orElseThrow().strip());
                scripts.add(MigrationFile.of(f, f.relativePath(), MigrationFile.Kind.VERSIONED, m.version(),
                        description, sections.up(), outside));
                if (sections.down().isPresent()) {
                    scripts.add(MigrationFile.of(f, f.relativePath() + DbmateLayout.DOWN_SUFFIX,
                            MigrationFile.Kind.UNDO, m.version(), description, sections.down().get(), outside));
                }
            } else {
                scripts.add(MigrationFile.of(f, f.relativePath(), MigrationFile.Kind.VERSIONED, m.version(),
                        description, f.content(), outside));
            }
            for (MigrationFile s : scripts) {
                byVersion.computeIfAbsent(s.kind() + ":" + s.version().orElseThrow(), k -> new ArrayList<>())
                        .add(new Candidate(s, ofDialect));
            }
        }
        List<MigrationFile> scripts = new ArrayList<>();
        for (List<Candidate> candidates : byVersion.values()) {
            boolean specific = candidates.stream().anyMatch(Candidate::ofDialect);
            // a generic file gives way to its dialect's; two of one kind are left for the duplicate check
            candidates.stream().filter(c -> c.ofDialect() || !specific).forEach(c -> scripts.add(c.script()));
        }
        return new Reading(scripts, unrecognised);
    }

    @Override
    public String declareOutside() {
        return spec.nonTransactionalMarker().map(m -> "a '" + m.strip() + "' line, or ").orElse("")
                + spec.nonTransactionalSuffix().map(x -> "the suffix " + x + " before .sql, or ").orElse("")
                + "'-- fleetway:non-transactional'";
    }

    @Override
    public String expectedForm() {
        return "up: " + up + down.map(d -> ", down: " + d).orElse("")
                + spec.upMarker().map(m -> " with '" + m.strip() + "' and '" + spec.downMarker().orElse("") + "'"
                        + " sections").orElse("") + " (fleetway.custom-layout)";
    }

    @Override
    public String downScriptFor(MigrationFile upScript) {
        if (spec.downMarker().isPresent()) {
            return "a '" + spec.downMarker().get().strip() + "' section at the end of " + upScript.relativePath();
        }
        return down.map(d -> "a file matching " + KEY + "down '" + d + "' for version " + upScript.version().orElseThrow())
                .orElse("a down script, after setting " + KEY + "down to their pattern");
    }

    @Override
    public List<NewFile> scaffold(String version, String slug, String description, Instant created,
            boolean withDown) {
        String header = Numbered.header(version, description, created, "custom layout");
        String upPath = up.fill(version, slug, spec.dialect(), KEY + "up");
        if (upMarker.isPresent()) {
            return List.of(new NewFile(upPath, header + spec.upMarker().get().strip() + "\n\n\n"
                    + (withDown ? spec.downMarker().orElseThrow().strip() + "\n\n" : "")));
        }
        List<NewFile> files = new ArrayList<>();
        files.add(new NewFile(upPath, header));
        if (withDown && down.isPresent()) {
            files.add(new NewFile(down.get().fill(version, slug, spec.dialect(), KEY + "down"), header));
        }
        return files;
    }
}
