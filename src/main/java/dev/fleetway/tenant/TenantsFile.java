package dev.fleetway.tenant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.fleetway.FleetwayException;

/**
 * Reads a tenants file ({@code fleetway.tenants-file}), YAML or JSON, in the shape of the configuration:
 * <pre>
 * tenants:                 # or fleetway: {tenants: …}, or the id map itself
 *   acme:   {url: jdbc:postgresql://db:5432/tenant_acme}
 *   globex: {schema: tenant_globex, migration-user: {username: …, password: …}, app-user: {username: …}}
 * </pre>
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
        String source = "tenants file " + file;
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw FleetwayException.usage(source + ": no such file — fix fleetway.tenants-file");
        } catch (IOException e) {
            throw FleetwayException.usage(source + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            throw FleetwayException.usage(source + " is not valid YAML or JSON ("
                    + FleetwayException.firstLine(e.getMessage()) + ")");
        }
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
            Map<?, ?> fields = asMap(orEmpty(entry.getValue()), source, "tenant '" + id + "'");
            Map<?, ?> migrationUser = asMap(orEmpty(fields.get("migration-user")), source,
                    "tenant '" + id + "' migration-user");
            Map<?, ?> appUser = asMap(orEmpty(fields.get("app-user")), source, "tenant '" + id + "' app-user");
            specs.add(new TenantSpec(id, source, text(fields, "url"), text(fields, "schema"),
                    text(migrationUser, "username"), text(migrationUser, "password"), text(appUser, "username")));
        }
        return specs;
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
