package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;

/**
 * {@code bin/fleetway} and {@code bin/aot-train}, the launcher of the README and the JVM image and the training
 * run that makes its class cache, on a copy of the built application.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "fleetway").toAbsolutePath();
    private static final Path TRAIN = Path.of("bin", "aot-train").toAbsolutePath();
    private static final int JAVA = Runtime.version().feature();

    private Path work;
    private Path app;

    @BeforeEach
    void copyTheApplication() throws Exception {
        assumeTrue(!PackagedApp.isNative(), "the launcher starts the JVM build");
        work = Files.createTempDirectory("fleetway-launcher");
        app = work.resolve("quarkus-app");
        run(Map.of(), "cp", "-r", PackagedApp.jar().getParent().toString(), app.toString());
        Files.deleteIfExists(app.resolve("app.aot"));
        Files.deleteIfExists(app.resolve("app.jsa"));
    }

    @AfterEach
    void removeTheCopy() throws Exception {
        if (work != null) {
            run(Map.of(), "rm", "-rf", work.toString());
        }
    }

    @Test
    void theTrainingRunWritesAClassCacheThatTheLauncherStartsWith() throws Exception {
        assumeTrue(hasPostgresServer(), "bin/aot-train starts a throwaway PostgreSQL from the installed binaries");
        // A shell that configures Fleetway for another database (a benchmark's, a deployment's) must not steer the
        // training run away from its own throwaway server.
        Map<String, String> configured = env();
        configured.putAll(Map.of("DB__USER", "someone_else", "DB__PASSWORD", "not-this", "PGUSER", "someone_else",
                "DATABASE_URL", "postgresql://127.0.0.1:1/elsewhere"));
        CliResult train = run(configured, TRAIN.toString());
        assertThat(train.exitCode()).as(train.toString()).isZero();
        Path cache = app.resolve(JAVA >= 25 ? "app.aot" : "app.jsa");
        assertThat(train.out()).contains("wrote " + cache, "for Java " + JAVA);
        assertThat(cache).isNotEmptyFile();

        // Options under which the JVM refuses to start unless the cache is used.
        Map<String, String> strict = env();
        strict.put("JAVA_OPTS", JAVA >= 25 ? "-XX:AOTMode=on" : "-Xshare:on");
        CliResult version = run(strict, LAUNCHER.toString(), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("fleetway ");
        assertThat(version.err()).isEmpty();

        if (JAVA < 25) {
            // After a rebuild the archive no longer matches: the launcher leaves it out instead of having the JVM
            // warn at every start.
            Files.setLastModifiedTime(app.resolve("quarkus-run.jar"), FileTime.from(Instant.now().plusSeconds(60)));
            CliResult rebuilt = run(env(), LAUNCHER.toString(), "--version");
            assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
            assertThat(rebuilt.err()).isEmpty();
        }
    }

    @Test
    void commandsStartWithC1AndTheSerialCollectorServeWithTheDefaultsAndJavaOptsWins() throws Exception {
        Map<String, String> env = env();
        env.put("JAVA_OPTS", "-XX:+PrintFlagsFinal");
        CliResult command = run(env, LAUNCHER.toString(), "--version");
        assertThat(command.exitCode()).as(command.toString()).isZero();
        assertThat(command.out()).containsPattern("TieredStopAtLevel\\s+= 1 ").containsPattern("UseSerialGC\\s+= true ");

        CliResult serve = run(env, LAUNCHER.toString(), "serve", "-h");
        assertThat(serve.exitCode()).as(serve.toString()).isZero();
        assertThat(serve.out()).containsPattern("TieredStopAtLevel\\s+= 4 ").contains("Usage: fleetway serve");

        env.put("JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=3");
        CliResult overridden = run(env, LAUNCHER.toString(), "--version");
        assertThat(overridden.out()).containsPattern("TieredStopAtLevel\\s+= 3 ");
    }

    @Test
    void aMissingApplicationIsOneLineWithTheFix() throws Exception {
        Map<String, String> env = env();
        env.put("FLEETWAY_HOME", work.resolve("nowhere").toString());
        CliResult missing = run(env, LAUNCHER.toString(), "status");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).as(missing.toString()).singleElement().asString()
                .startsWith("error: quarkus-run.jar not found in FLEETWAY_HOME").contains("nowhere");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETWAY_HOME", app.toString());
        env.put("FLEETWAY_CONFIG_DIR", work.toString());
        return env;
    }

    private static boolean hasPostgresServer() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")));
        }
    }

    private CliResult run(Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory((work == null ? Path.of(".") : work).toFile());
        pb.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return PackagedApp.finish(pb.start(), String.join(" ", command));
    }
}
