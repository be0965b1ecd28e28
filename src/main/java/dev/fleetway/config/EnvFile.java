package dev.fleetway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.fleetway.FleetwayException;

/**
 * Reads a Docker-style env file: {@code KEY=VALUE} lines, blank lines and {@code #} comments, an optional
 * {@code export } prefix, and values optionally wrapped in single or double quotes.
 */
public final class EnvFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private EnvFile() {
    }

    /**
     * Parses the file. Errors name the file and line but never echo a value, which may be a secret.
     *
     * @throws FleetwayException with exit code 2 when the file is missing, unreadable or malformed
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw FleetwayException.usage("--env-file " + file + ": no such file — check the path");
        } catch (IOException e) {
            throw FleetwayException.usage("--env-file " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + ") — check the path and its permissions");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String where = "--env-file " + file + " line " + (i + 1);
            if (eq <= 0) {
                throw FleetwayException.usage(where + ": expected KEY=VALUE — fix or comment out that line");
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw FleetwayException.usage(where + ": '" + key + "' is not a valid variable name"
                        + " — use letters, digits and underscores");
            }
            values.put(key, unquote(line.substring(eq + 1).strip(), where));
        }
        return values;
    }

    private static String unquote(String value, String where) {
        if (value.length() >= 1 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            char quote = value.charAt(0);
            if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
                throw FleetwayException.usage(where + ": unterminated " + quote + " quote — close the quoted value");
            }
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
