package dev.fleetway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.fleetway.FleetwayException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * Builds Fleetway's layered configuration for one run, highest precedence first:
 * <ol>
 * <li>command-line options (already turned into properties by the CLI);</li>
 * <li>the process environment, with {@code X_FILE} secrets and the seed-compatible {@code DB__*} and
 * {@code DATABASE_URL} variables;</li>
 * <li>{@code --env-file}, read the same way;</li>
 * <li>the key-per-file directory {@code fleetway.config-dir} (default {@code /etc/fleetway});</li>
 * <li>{@code config/application.yaml} and {@code config/application.properties} in the working directory;</li>
 * <li>the defaults built into {@link FleetwayConfig}.</li>
 * </ol>
 * Nothing here reads the process environment itself: the caller passes it in, so tests can too.
 */
public final class ConfigLoader {
    private static final int CLI = 600;
    private static final int ENV = 300;
    private static final int ENV_FILE = 280;
    private static final int CONFIG_DIR = 270;
    private static final int YAML = 255;
    private static final int PROPERTIES = 250;
    /** Seed-compatible variables rank just below the native variables of the same layer. */
    private static final int SEED_OFFSET = 5;
    private static final Pattern CONVERSION = Pattern.compile(
            "config property (\\S+) with the config value \"([^\"]*)\" threw an Exception whilst being converted (.*)");

    private final Map<String, String> environment;
    private final Path workingDir;

    public ConfigLoader(Map<String, String> environment, Path workingDir) {
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
    }

    /**
     * Loads the configuration.
     *
     * @param cliProperties properties set by command-line options; they win over every other layer
     * @param envFile the {@code --env-file}, if given
     * @throws FleetwayException (exit 2) on any missing, unreadable or invalid input, naming the key or file
     */
    public FleetwayConfig load(Map<String, String> cliProperties, Optional<Path> envFile) {
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new PropertiesConfigSource(cliProperties, "command line", CLI));
        EnvironmentLayer env = EnvironmentLayer.of(environment, "environment");
        addLayer(sources, env, "environment", ENV);
        Map<String, String> above = new HashMap<>(env.variables());
        if (envFile.isPresent()) {
            EnvironmentLayer file = EnvironmentLayer.of(EnvFile.read(envFile.get()), "--env-file " + envFile.get());
            addLayer(sources, file, "--env-file " + envFile.get(), ENV_FILE);
            file.variables().forEach(above::putIfAbsent);
        }
        addConfigDir(sources, configDir(cliProperties, above));
        addDocuments(sources);
        return build(sources);
    }

    /**
     * The configuration of {@code properties} and the built-in defaults alone: no environment, file or
     * directory of this machine is read. For {@code demo}, whose fleet must never take in a real database.
     *
     * @throws FleetwayException (exit 2) when a property is invalid
     */
    public static FleetwayConfig only(Map<String, String> properties) {
        return build(List.of(new PropertiesConfigSource(properties, "command line", CLI)));
    }

    private static void addLayer(List<ConfigSource> sources, EnvironmentLayer layer, String name, int ordinal) {
        Map<String, String> envStyle = new HashMap<>();
        Map<String, String> propertyStyle = new HashMap<>(layer.seedProperties());
        layer.variables().forEach((key, value) -> {
            if (key.chars().anyMatch(c -> c == '.' || c == '-' || Character.isLowerCase(c))) {
                propertyStyle.put(key, value);
            } else {
                envStyle.put(key, value);
            }
        });
        sources.add(new EnvConfigSource(envStyle, ordinal) {
            @Override
            public String getName() {
                return name;
            }
        });
        sources.add(new PropertiesConfigSource(propertyStyle, name, ordinal - SEED_OFFSET));
    }

    /** The config directory may itself be set by any layer above it. */
    private static Optional<Path> configDir(Map<String, String> cli, Map<String, String> variables) {
        String explicit = cli.getOrDefault("fleetway.config-dir", variables.get("FLEETWAY_CONFIG_DIR"));
        if (explicit == null) {
            return Optional.of(Path.of("/etc/fleetway"));
        }
        Path dir = Path.of(explicit);
        if (!Files.isDirectory(dir)) {
            throw FleetwayException.usage("fleetway.config-dir " + dir + " is not a directory"
                    + " — mount the configuration there or unset FLEETWAY_CONFIG_DIR");
        }
        return Optional.of(dir);
    }

    private void addConfigDir(List<ConfigSource> sources, Optional<Path> dir) {
        dir.ifPresent(d -> addLayer(sources, EnvironmentLayer.of(KeyPerFileDirectory.read(d), "config directory " + d),
                "config directory " + d, CONFIG_DIR));
    }

    private void addDocuments(List<ConfigSource> sources) {
        Path yaml = workingDir.resolve("config/application.yaml");
        if (!Files.isRegularFile(yaml)) {
            yaml = workingDir.resolve("config/application.yml");
        }
        if (Files.isRegularFile(yaml)) {
            String text;
            try {
                text = Files.readString(yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw FleetwayException.usage(yaml + " cannot be read (" + e.getClass().getSimpleName()
                        + ") — check its permissions");
            }
            YamlFiles.parse(text, yaml.toString()); // refuses a broken file (and duplicate keys) in one line
            sources.add(new YamlConfigSource(yaml.toString(), text, YAML));
        }
        Path properties = workingDir.resolve("config/application.properties");
        if (Files.isRegularFile(properties)) {
            try {
                sources.add(new PropertiesConfigSource(properties.toUri().toURL(), PROPERTIES));
            } catch (IOException | RuntimeException e) {
                throw FleetwayException.usage(properties + " cannot be read (" + firstLine(e) + ")");
            }
        }
    }

    private static FleetwayConfig build(List<ConfigSource> sources) {
        try {
            SmallRyeConfig config = builder(sources).withMapping(FleetwayConfig.class).build();
            FleetwayConfig fleetway = config.getConfigMapping(FleetwayConfig.class);
            checkRanges(fleetway, config);
            return fleetway;
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(explain(e.getProblem(i).getMessage(), sources));
            }
            throw FleetwayException.usage("invalid configuration: " + String.join("; ", problems));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw FleetwayException.usage("invalid configuration: " + explain(firstLine(e), sources));
        }
    }

    /** Values that convert but make no sense: a negative wait, no parallelism, a negative retry count. */
    private static void checkRanges(FleetwayConfig c, SmallRyeConfig config) {
        Map<String, Duration> durations = Map.of("fleetway.connect-timeout", c.connectTimeout(),
                "fleetway.lock-wait", c.lockWait(), "fleetway.lock-timeout", c.lockTimeout(),
                "fleetway.statement-timeout", c.statementTimeout(), "fleetway.shutdown-grace", c.shutdownGrace(),
                "fleetway.serve.drift-interval", c.serve().driftInterval());
        for (Map.Entry<String, Duration> d : new java.util.TreeMap<>(durations).entrySet()) {
            if (d.getValue().isNegative()) {
                throw outOfRange(config, d.getKey(), "is a negative duration — use 0 or more, e.g. 30s");
            }
        }
        if (c.parallelism() < 1) {
            throw outOfRange(config, "fleetway.parallelism", "must be at least 1");
        }
        if (c.lockRetries() < 0) {
            throw outOfRange(config, "fleetway.lock-retries", "must be 0 or more");
        }
    }

    private static FleetwayException outOfRange(SmallRyeConfig config, String key, String problem) {
        String source = config.getConfigValue(key).getSourceName();
        source = source == null ? "configuration" : source.replaceAll(".*\\[source=(.*)]$", "$1");
        return FleetwayException.usage(key + " (set in " + source + ") " + problem);
    }

    private static SmallRyeConfigBuilder builder(List<ConfigSource> sources) {
        return new SmallRyeConfigBuilder()
                .withSources(sources)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidateUnknown(false);
    }

    /**
     * Rewrites SmallRye's conversion message ("SRCFG00039: The config property X with the config value "V"
     * threw an Exception whilst being converted REASON") into "X (set in SOURCE): REASON".
     */
    private static String explain(String message, List<ConfigSource> sources) {
        Matcher m = CONVERSION.matcher(message);
        if (!m.find()) {
            return message.replaceAll("(java\\.lang\\.)?\\w+Exception: ", "").replaceAll("SRCFG\\d+: ", "");
        }
        String key = m.group(1);
        String source = builder(sources).build().getConfigValue(key).getSourceName();
        source = source == null ? "configuration" : source.replaceAll(".*\\[source=(.*)]$", "$1");
        // The reason quotes the value, which may be a secret put under the wrong key: leave it out.
        String value = m.group(2);
        String reason = m.group(3).replaceAll("SRCFG\\d+: ", "").replaceAll(",? *got \"[^\"]*\"", "")
                .replaceAll("\"[^\"]*\"", "the value");
        if (!value.isEmpty()) {
            reason = reason.replace(value, "the value");
        }
        reason = reason.strip();
        return key + " (set in " + source + ") is invalid: " + reason + " — fix or remove that setting";
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
