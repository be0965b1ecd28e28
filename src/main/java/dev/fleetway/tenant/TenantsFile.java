package dev.fleetway.tenant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.YamlFiles;

/**
 * Reads a tenants file ({@code fleetway.tenants-file}), YAML or JSON, in the shape of the configuration:
 * <pre>
 * tenants:                 # or fleetway: {tenants: …}, or the id map itself
 *   acme:   {url: jdbc:postgresql://db:5432/tenant_acme}
 *   globex: {schema: tenant_globex, migration-user: {username: …, password: …}, app-user: {username: …}}
 *   initech: {url: …, labels: {region: eu, plan: enterprise}, placeholders: {tier: gold}}
 * </pre>
 * Keys per tenant: {@code url}, {@code schema}, {@code migration-user}, {@code monitor-user}, {@code app-user},
 * {@code labels}, {@code placeholders}, {@code locations}; any other is refused (a typo would otherwise be
 * ignored silently).
 */
public final class TenantsFile {
    private TenantsFile() {
    }

    /**
     * Parses the file.
     *
     * @throws FleetwayException (exit 2) naming the file and what is wrong
     */
    public static List<TenantSpec> read(Path file) {
        String source = source(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw FleetwayException.usage(source + ": no such file — fix fleetway.tenants-file");
        } catch (IOException e) {
            throw FleetwayException.usage(source + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, source);
    }

    /** The source name of the tenants of {@code file}: {@code tenants file PATH}. */
    public static String source(Path file) {
        return "tenants file " + file;
    }

    /**
     * Parses a tenants file's text.
     *
     * @param source how messages and the specs name the file
     * @throws FleetwayException (exit 2) naming the file and what is wrong
     */
    static List<TenantSpec> parse(String text, String source) {
        // YAML or JSON; a tenant declared twice in the file is refused naming both lines
        Object root = YamlFiles.parse(text, source);
        Map<?, ?> tenants = asMap(orEmpty(root), source, "the top level");
        if (tenants.containsKey("fleetway")) {
            tenants = asMap(orEmpty(tenants.get("fleetway")), source, "'fleetway'");
        }
        if (tenants.containsKey("tenants")) {
            tenants = asMap(orEmpty(tenants.get("tenants")), source, "'tenants'");
        }
        List<TenantSpec> specs = new ArrayList<>();
        for (Map.Entry<?, ?> entry : tenants.entrySet()) {
            String id = String.valueOf(entry.getKey());
            String where = "tenant '" + id + "'";
            Map<?, ?> fields = asMap(orEmpty(entry.getValue()), source, where);
            for (Object key : fields.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw FleetwayException.usage(source + ": " + where + " has an unknown key '" + key + "' — use "
                            + String.join(", ", KEYS));
                }
            }
            Map<?, ?> appUser = asMap(orEmpty(fields.get("app-user")), source, where + " app-user");
            specs.add(new TenantSpec(id, source, text(fields, "url"), text(fields, "schema"),
                    login(fields, "migration-user", source, where), login(fields, "monitor-user", source, where),
                    text(appUser, "username"), strings(fields, "labels", source, where),
                    strings(fields, "placeholders", source, where), list(fields.get("locations"))));
        }
        return specs;
    }

    private static final List<String> KEYS = List.of("url", "schema", "migration-user", "monitor-user", "app-user",
            "labels", "placeholders", "locations");

    private static TenantSpec.Login login(Map<?, ?> fields, String key, String source, String where) {
        Map<?, ?> user = asMap(orEmpty(fields.get(key)), source, where + " " + key);
        return new TenantSpec.Login(text(user, "username"), text(user, "password"));
    }

    /** A mapping of names to plain values (labels, placeholders). */
    private static Map<String, String> strings(Map<?, ?> fields, String key, String source, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        asMap(orEmpty(fields.get(key)), source, where + " " + key)
                .forEach((k, v) -> values.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return values;
    }

    /** A list, or one comma-separated string. */
    static Optional<List<String>> list(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> items) {
            return Optional.of(items.stream().map(String::valueOf).toList());
        }
        return Optional.of(List.of(String.valueOf(value).split("\\s*,\\s*")));
    }

    private static Map<?, ?> asMap(Object value, String source, String where) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw FleetwayException.usage(source + ": " + where + " must be a mapping of keys to values");
    }

    private static Object orEmpty(Object value) {
        return value == null ? Map.of() : value;
    }

    private static Optional<String> text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
