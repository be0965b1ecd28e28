package dev.fleetway.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code FLEETWAY_LOG_FORMAT=json} into Quarkus' JSON console logging, one JSON object per line (for
 * Kubernetes log pipelines). Registered with the service loader, so Quarkus reads it when it configures
 * logging at start-up, before any command runs. {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED} still wins.
 */
public final class LogFormatSource implements ConfigSource {
    private static final String KEY = "quarkus.log.console.json.enabled";

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, String.valueOf("json".equalsIgnoreCase(System.getenv("FLEETWAY_LOG_FORMAT"))));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? getProperties().get(KEY) : null;
    }

    @Override
    public String getName() {
        return "FLEETWAY_LOG_FORMAT";
    }

    @Override
    public int getOrdinal() {
        return 260;
    }
}
