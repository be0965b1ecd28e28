package dev.fleetway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.FleetwayException;

/** The layers and their precedence, without booting Quarkus or touching a database. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private FleetwayConfig load(Map<String, String> env, Map<String, String> cli, Path envFile) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("FLEETWAY_CONFIG_DIR", dir.resolve("conf").toString());
        try {
            Files.createDirectories(dir.resolve("conf"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ConfigLoader(all, dir).load(cli, Optional.ofNullable(envFile));
    }

    private void yaml(String text) throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.yaml"), text);
    }

    private void keyFile(String key, String value) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf").resolve(key), value + "\n");
    }

    @Test
    void builtInDefaultsApplyWhenNothingIsSet() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        FleetwayConfig c = load(Map.of(), Map.of(), null);
        assertThat(c.locations()).containsExactly("classpath:db/migration");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.lockWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.table()).isEqualTo("flyway_schema_history");
        assertThat(c.defaultDatabase().url()).isEmpty();
        assertThat(c.defaultDatabase().appUser()).isEmpty();
    }

    @Test
    void eachLayerOverridesTheOnesBelowIt() throws Exception {
        yaml("fleetway:\n  connect-timeout: 1s\n  lock-wait: 1s\n  parallelism: 1\n  table: t_yaml\n"
                + "  placeholders:\n    owner: yaml\n");
        keyFile("fleetway.lock-wait", "2s");
        keyFile("FLEETWAY_PARALLELISM", "2");
        keyFile("fleetway.table", "t_dir");
        Path envFile = Files.writeString(dir.resolve(".env"), "export FLEETWAY_PARALLELISM=3\nFLEETWAY_TABLE='t_file'\n");
        FleetwayConfig c = load(Map.of("FLEETWAY_TABLE", "t_env"), Map.of("fleetway.connect-timeout", "9s"), envFile);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(9)); // CLI over YAML
        assertThat(c.table()).isEqualTo("t_env"); // environment over env file, directory and YAML
        assertThat(c.parallelism()).isEqualTo(3); // env file over directory
        assertThat(c.lockWait()).isEqualTo(Duration.ofSeconds(2)); // directory over YAML
        assertThat(c.placeholders()).containsEntry("owner", "yaml"); // YAML over defaults
    }

    @Test
    void seedCompatibleVariablesDescribeTheDefaultDatabase() {
        FleetwayConfig c = load(Map.of("DB__HOST", "db", "DB__PORT", "6432", "DB__NAME", "app", "DB__USER", "owner",
                "DB__PASSWORD", "pw", "DB__SCHEMA", "core"), Map.of(), null);
        assertThat(c.defaultDatabase().url()).contains("jdbc:postgresql://db:6432/app");
        assertThat(c.defaultDatabase().schema()).contains("core");
        assertThat(c.defaultDatabase().migrationUser().orElseThrow().username()).contains("owner");
        assertThat(c.defaultDatabase().migrationUser().orElseThrow().password()).contains("pw");

        FleetwayConfig url = load(Map.of("DATABASE_URL", "postgresql://u:p@h/d"), Map.of(), null);
        assertThat(url.defaultDatabase().url()).contains("postgresql://u:p@h/d");
    }

    @Test
    void fleetwayVariablesWinOverSeedVariablesOfTheSameLayer() {
        FleetwayConfig c = load(Map.of("DATABASE_URL", "postgresql://u:p@h/seed", "FLEETWAY_DEFAULT_URL",
                "jdbc:postgresql://h/native"), Map.of(), null);
        assertThat(c.defaultDatabase().url()).contains("jdbc:postgresql://h/native");
    }

    @Test
    void aFileVariableHoldsTheValueOfItsVariable() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-a-secret\n");
        FleetwayConfig c = load(Map.of("DB__PASSWORD_FILE", secret.toString(),
                "FLEETWAY_DEFAULT_APP_USER_USERNAME_FILE", Files.writeString(dir.resolve("u"), "app_rw").toString()),
                Map.of(), null);
        assertThat(c.defaultDatabase().migrationUser().orElseThrow().password()).contains("from-a-secret");
        assertThat(c.defaultDatabase().appUser().orElseThrow().username()).contains("app_rw");
    }

    @Test
    void theKeyPerFileDirectoryAcceptsPropertyAndVariableNamesAndSkipsDocuments() throws Exception {
        keyFile("fleetway.default.url", "jdbc:postgresql://h/app");
        keyFile("DB__PASSWORD", "pw-from-dir");
        keyFile("tenants.yaml", "not: a key");
        keyFile("..data", "kubernetes link");
        FleetwayConfig c = load(Map.of("DB__USER", "owner"), Map.of(), null);
        assertThat(c.defaultDatabase().url()).contains("jdbc:postgresql://h/app");
        assertThat(c.defaultDatabase().migrationUser().orElseThrow().password()).contains("pw-from-dir");
    }

    @Test
    void anExplicitConfigDirectoryThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> load(Map.of("FLEETWAY_CONFIG_DIR", dir.resolve("absent").toString()), Map.of(), null))
                .isInstanceOf(FleetwayException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void invalidYamlIsAClearError() throws Exception {
        yaml("fleetway:\n  table: [unclosed\n");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), null)).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("application.yaml is not valid YAML");
    }

    @Test
    void anUnconvertibleValueNamesKeyAndSourceButNotTheValue() throws Exception {
        keyFile("fleetway.parallelism", "many-secret-ish");
        assertThatThrownBy(() -> load(Map.of(), Map.of(), null)).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("fleetway.parallelism").hasMessageContaining("config directory")
                .hasMessageNotContaining("many-secret-ish");
        assertThatThrownBy(() -> load(Map.of("FLEETWAY_LOCK_WAIT", "sekrit"), Map.of(), null))
                .hasMessageContaining("fleetway.lock-wait").hasMessageContaining("environment")
                .hasMessageNotContaining("sekrit");
    }
}
