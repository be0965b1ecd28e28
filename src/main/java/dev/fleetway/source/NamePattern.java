package dev.fleetway.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.fleetway.FleetwayException;

/**
 * A file-name pattern of a custom layout, matched against a file's path below its location (the pattern may name
 * directories: {@code {version}_{name}/up.sql}; it matches at any depth). A template holds {@code {version}} (digits,
 * optionally dotted: {@code 42}, {@code 1.2}), {@code {name}} (anything but {@code /}), {@code {dialect}} (one of the
 * configured dialects) and optional parts in {@code [ ]}; everything else is literal. {@code regex:EXPRESSION}
 * is a Java regular expression with the named groups {@code version} (required), {@code name} and {@code dialect}.
 */
final class NamePattern {
    private static final String REGEX = "regex:";

    private final String written;
    private final Pattern pattern;
    private final boolean regex;

    private NamePattern(String written, Pattern pattern, boolean regex) {
        this.written = written;
        this.pattern = pattern;
        this.regex = regex;
    }

    /** What a pattern found in a path. */
    record Match(String version, String name, Optional<String> dialect) {
    }

    /**
     * Compiles a pattern.
     *
     * @param setting the configuration key it comes from, for messages
     * @param dialects the dialects {@code {dialect}} matches; empty when none is configured
     * @throws FleetwayException (exit 2) naming the setting when the pattern is malformed
     */
    static NamePattern compile(String written, String setting, List<String> dialects) {
        if (written.startsWith(REGEX)) {
            try {
                Pattern p = Pattern.compile(written.substring(REGEX.length()));
                if (!p.pattern().contains("(?<version>")) {
                    throw FleetwayException.usage(setting + " '" + written + "' has no (?<version>…) group — name the"
                            + " part that holds the version");
                }
                return new NamePattern(written, p, true);
            } catch (PatternSyntaxException e) {
                throw FleetwayException.usage(setting + " '" + written + "' is not a regular expression ("
                        + e.getDescription() + ") — fix it, or write a template such as {version}_{name}.up.sql");
            }
        }
        if (!written.contains("{version}")) {
            throw FleetwayException.usage(setting + " '" + written + "' has no {version} — a template must say where the"
                    + " version is, e.g. {version}_{name}.up.sql");
        }
        if (written.contains("{dialect}") && dialects.isEmpty()) {
            throw FleetwayException.usage(setting + " '" + written + "' uses {dialect} but fleetway.custom-layout.dialect"
                    + " is not set — set it (e.g. postgresql), and the others in fleetway.custom-layout.other-dialects");
        }
        StringBuilder regex = new StringBuilder("(?:.*/)?");
        int depth = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (written.startsWith("{version}", i)) {
                regex.append("(?<version>\\d+(?:\\.\\d+)*)");
                i += "{version}".length() - 1;
            } else if (written.startsWith("{name}", i)) {
                regex.append("(?<name>[^/]*?)");
                i += "{name}".length() - 1;
            } else if (written.startsWith("{dialect}", i)) {
                regex.append("(?<dialect>").append(String.join("|", dialects.stream().map(Pattern::quote).toList()))
                        .append(")");
                i += "{dialect}".length() - 1;
            } else if (c == '[') {
                regex.append("(?:");
                depth++;
            } else if (c == ']' && depth > 0) {
                regex.append(")?");
                depth--;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (depth != 0) {
            throw FleetwayException.usage(setting + " '" + written + "' has a '[' without its ']'");
        }
        return new NamePattern(written, Pattern.compile(regex.toString()), false);
    }

    /** What the pattern finds in {@code relativePath}; empty when it does not match it. */
    Optional<Match> match(String relativePath) {
        Matcher m = pattern.matcher(relativePath);
        if (!m.matches() || m.group("version") == null || !m.group("version").matches(".*\\d.*")) {
            return Optional.empty();
        }
        return Optional.of(new Match(version(m.group("version")), group(m, "name").orElse(""), group(m, "dialect")));
    }

    /**
     * The version in the text a pattern's {@code version} part matched: its runs of digits, each without leading
     * zeros, joined with dots ({@code 0042} is 42, {@code 1.02} is 1.2, {@code 2024-01-31} is 2024.1.31).
     */
    static String version(String text) {
        List<String> parts = new ArrayList<>();
        Matcher digits = Pattern.compile("\\d+").matcher(text);
        while (digits.find()) {
            parts.add(new BigInteger(digits.group()).toString());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no digits in version '" + text + "'");
        }
        return String.join(".", parts);
    }

    private static Optional<String> group(Matcher m, String name) {
        try {
            return Optional.ofNullable(m.group(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a regex: pattern without that group
        }
    }

    /**
     * The path of a new file: the template with {@code version} and {@code name}, optional parts left out.
     *
     * @throws FleetwayException (exit 2) for a {@code regex:} pattern, which cannot be filled in
     */
    String fill(String version, String name, Optional<String> dialect, String setting) {
        if (regex) {
            throw FleetwayException.usage("'fleetway new' cannot name a file after " + setting + ", a regular"
                    + " expression — write the files by hand, or give the pattern as a template");
        }
        String path = written;
        for (String shorter; !(shorter = path.replaceAll("\\[[^\\[\\]]*\\]", "")).equals(path);) {
            path = shorter;
        }
        return path.replace("{version}", version).replace("{name}", name).replace("{dialect}", dialect.orElse(""));
    }

    /** Whether a match is a file of a dialect other than {@code ours}. */
    static boolean otherDialect(Match m, Optional<String> ours) {
        return m.dialect().isPresent() && !m.dialect().equals(ours);
    }

    @Override
    public String toString() {
        return written;
    }
}
