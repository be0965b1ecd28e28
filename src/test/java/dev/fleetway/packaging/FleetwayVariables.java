package dev.fleetway.packaging;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.fleetway.config.FleetwayConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The environment variables Fleetway reads, derived from {@link FleetwayConfig} itself (so a key added there
 * is allowed here without a second list to keep in step) plus the few read outside the mapping. Used to
 * check that a manifest sets no variable that Fleetway would silently ignore, such as a misspelt key.
 */
public final class FleetwayVariables {

    /** The seed-compatible variables and the log format switch (README "Configuration", "Logs"). */
    private static final Set<String> OUTSIDE_THE_MAPPING = Set.of("DATABASE_URL", "DB__HOST", "DB__PORT",
            "DB__NAME", "DB__USER", "DB__PASSWORD", "DB__SCHEMA", "FLEETWAY_LOG_FORMAT");

    /**
     * Variables a Fleetway container may declare for Kubernetes rather than for Fleetway:
     * {@code JOB_COMPLETION_INDEX} feeds {@code --shard $(JOB_COMPLETION_INDEX)/N} in an Indexed Job;
     * {@code QUARKUS_HTTP_PORT} is the port of {@code serve} ({@code quarkus.http.port}, default 8080).
     */
    private static final Set<String> FOR_KUBERNETES = Set.of("JOB_COMPLETION_INDEX", "QUARKUS_HTTP_PORT");

    private final List<Pattern> mapped;

    private FleetwayVariables(List<Pattern> mapped) {
        this.mapped = List.copyOf(mapped);
    }

    public static FleetwayVariables fromConfigMapping() {
        String prefix = FleetwayConfig.class.getAnnotation(ConfigMapping.class).prefix();
        List<String> properties = new ArrayList<>();
        collect(FleetwayConfig.class, prefix, properties);
        return new FleetwayVariables(properties.stream().map(FleetwayVariables::environmentPattern).toList());
    }

    /** Whether Fleetway (or Kubernetes, for a Fleetway container) reads a variable of this name. */
    public boolean reads(String name) {
        if (FOR_KUBERNETES.contains(name) || readsDirectly(name)) {
            return true;
        }
        // X_FILE names a file holding X, for Fleetway's own variables (FLEETWAY_TENANTS_FILE is a key itself).
        return name.endsWith("_FILE") && readsDirectly(name.substring(0, name.length() - "_FILE".length()));
    }

    private boolean readsDirectly(String name) {
        return OUTSIDE_THE_MAPPING.contains(name) || mapped.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** {@code fleetway.tenants.*.migration-user.username} to {@code FLEETWAY_TENANTS_[A-Z0-9_]+_MIGRATION_USER_USERNAME}. */
    private static Pattern environmentPattern(String property) {
        StringBuilder regex = new StringBuilder();
        for (String part : property.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(part.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')));
        }
        return Pattern.compile(regex.toString());
    }

    /** Walks the mapping: one property per leaf, {@code *} standing for a map key. */
    private static void collect(Class<?> group, String prefix, List<String> properties) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            walk(method.getGenericReturnType(), name, properties);
        }
    }

    private static void walk(Type type, String name, List<String> properties) {
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            walk(p.getActualTypeArguments()[0], name, properties);
        } else if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            walk(p.getActualTypeArguments()[1], name + ".*", properties);
        } else if (type instanceof Class<?> c && c.isInterface() && c.getName().startsWith("dev.fleetway.")) {
            collect(c, name, properties);
        } else {
            properties.add(name);
        }
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
