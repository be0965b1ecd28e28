package dev.fleetway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.fleetway.FleetwayException;

/**
 * One layer of environment-style variables (the process environment, an env file, or a mounted
 * key-per-file directory), with Fleetway's two conventions applied:
 * <ul>
 * <li>{@code X_FILE} names a file holding the value of {@code X} (Docker and Kubernetes secrets), for
 * Fleetway's own variables ({@code FLEETWAY_*}, {@code DB__*}, {@code DATABASE_URL});</li>
 * <li>the seed-compatible variables {@code DB__HOST}, {@code DB__PORT}, {@code DB__NAME}, {@code DB__USER},
 * {@code DB__PASSWORD}, {@code DB__SCHEMA} and {@code DATABASE_URL} describe the default database.</li>
 * </ul>
 *
 * @param variables the variables with every {@code X_FILE} resolved into {@code X}
 * @param seedProperties {@code fleetway.default.*} properties derived from the seed-compatible variables
 */
public record EnvironmentLayer(Map<String, String> variables, Map<String, String> seedProperties) {

    private static final String FILE_SUFFIX = "_FILE";

    /**
     * Builds the layer from raw variables.
     *
     * @param origin how to name this layer in errors, e.g. {@code "environment"} or {@code "--env-file x"}
     * @throws FleetwayException (exit 2) when an {@code X_FILE} cannot be read, both {@code X} and
     *         {@code X_FILE} are set, or the {@code DB__*} variables are incomplete
     */
    public static EnvironmentLayer of(Map<String, String> raw, String origin) {
        Map<String, String> variables = new LinkedHashMap<>(raw);
        raw.forEach((name, path) -> {
            if (!name.endsWith(FILE_SUFFIX) || name.equals("FLEETWAY_TENANTS_FILE")) {
                return;
            }
            String target = name.substring(0, name.length() - FILE_SUFFIX.length());
            if (!isFleetwayVariable(target)) {
                return;
            }
            if (raw.containsKey(target)) {
                throw FleetwayException.usage("both " + target + " and " + name + " are set in the " + origin
                        + " — keep only one of them");
            }
            variables.remove(name);
            variables.put(target, readSecretFile(name, path, origin));
        });
        return new EnvironmentLayer(Map.copyOf(variables), seedProperties(variables, origin));
    }

    private static boolean isFleetwayVariable(String name) {
        return name.startsWith("FLEETWAY_") || name.startsWith("DB__") || name.equals("DATABASE_URL");
    }

    private static String readSecretFile(String variable, String path, String origin) {
        try {
            String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            // Secrets are usually written with a trailing newline; it is never part of the value.
            return content.replaceFirst("\\r?\\n\\z", "");
        } catch (IOException | RuntimeException e) {
            throw FleetwayException.usage(variable + " (" + origin + ") names " + path
                    + ", which cannot be read — mount the secret there or fix the variable");
        }
    }

    private static Map<String, String> seedProperties(Map<String, String> vars, String origin) {
        Map<String, String> props = new LinkedHashMap<>();
        String prefix = "fleetway.default.";
        if (vars.containsKey("DATABASE_URL")) {
            props.put(prefix + "url", vars.get("DATABASE_URL"));
        } else if (vars.containsKey("DB__HOST") || vars.containsKey("DB__NAME") || vars.containsKey("DB__PORT")) {
            String name = vars.get("DB__NAME");
            if (name == null || name.isBlank()) {
                throw FleetwayException.usage("DB__HOST or DB__PORT is set in the " + origin
                        + " but DB__NAME is not — set DB__NAME to the database to migrate");
            }
            String host = vars.getOrDefault("DB__HOST", "localhost");
            String port = vars.getOrDefault("DB__PORT", "5432");
            props.put(prefix + "url", "jdbc:postgresql://" + host + ":" + port + "/" + name);
        }
        copy(vars, "DB__USER", props, prefix + "migration-user.username");
        copy(vars, "DB__PASSWORD", props, prefix + "migration-user.password");
        copy(vars, "DB__SCHEMA", props, prefix + "schema");
        return Map.copyOf(props);
    }

    private static void copy(Map<String, String> vars, String variable, Map<String, String> props, String key) {
        String value = vars.get(variable);
        if (value != null) {
            props.put(key, value);
        }
    }
}
