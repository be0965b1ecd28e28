package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.testing.Cli;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/** Every bad input is one clear line on stderr, a documented exit code, no stack trace and no secret. */
class BadInputTest {
    @TempDir
    Path dir;

    private CliResult run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("FLEETWAY_CONFIG_DIR", dir.toString());
        return Cli.run(all, dir, args);
    }

    private static void assertOneLineError(CliResult r, int code, String... fragments) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.err()).as(r.toString()).contains(fragments).startsWith("error: ").doesNotContain("\tat ",
                "Exception");
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
    }

    @Test
    void aMalformedConnectionStringIsAUsageErrorThatNeverEchoesThePassword() {
        CliResult r = run(Map.of(), "install", "postgresql://bob:s3cr3t-pw@db:port/app");
        assertOneLineError(r, 2, "malformed connection string", "port");
        assertThat(r.err()).doesNotContain("s3cr3t-pw");
        assertOneLineError(run(Map.of(), "install", "mysql://db/app"), 2, "does not start with postgresql://");
        assertOneLineError(run(Map.of(), "install", "postgresql://db:5432/"), 2, "no database name");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertOneLineError(run(Map.of(), "upgrade", "--frobnicate"), 2, "Unknown option: '--frobnicate'",
                "fleetway upgrade --help");
        assertOneLineError(run(Map.of(), "status", "--lock-wait", "soon"), 2, "'soon' is not a duration");
        assertOneLineError(run(Map.of(), "status", "--format", "xml"), 2, "--format");
    }

    @Test
    void aMissingPasswordOrDatabaseIsAConfigurationError() {
        assertOneLineError(run(Map.of("DB__HOST", "localhost", "DB__NAME", "app", "DB__USER", "bob"), "status"), 2,
                "no password for migration user 'bob'", "DB__PASSWORD");
        assertOneLineError(run(Map.of(), "status"), 2, "no default database configured");
        assertOneLineError(run(Map.of("DB__HOST", "localhost"), "status"), 2, "DB__NAME");
    }

    @Test
    void aWrongPasswordIsExit3WithoutThePassword() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = new HashMap<>(db.env());
            env.put("DB__PASSWORD", "definitely-wrong-pw");
            CliResult r = run(env, "status");
            assertOneLineError(r, 3, "login refused for user '" + db.owner + "'");
            assertThat(r.err() + r.out()).doesNotContain("definitely-wrong-pw");
        }
    }

    @Test
    void anUnreachableHostIsRetriedUntilTheConnectTimeoutThenExit3NamingHostAndPort() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        CliResult r = run(Map.of("DATABASE_URL", "postgresql://bob:pw-not-shown@127.0.0.1:" + closedPort + "/app"),
                "status", "--connect-timeout", "2s");
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertOneLineError(r, 3, "cannot connect to 127.0.0.1:" + closedPort, "--connect-timeout");
        assertThat(r.err()).doesNotContain("pw-not-shown");
        assertThat(seconds).isBetween(1L, 10L);
    }

    @Test
    void aMissingOrMalformedEnvFileIsAUsageError() throws Exception {
        assertOneLineError(run(Map.of(), "status", "--env-file", "nope.env"), 2, "--env-file", "no such file");
        Path bad = Files.writeString(dir.resolve("bad.env"), "# ok\nDB__HOST=localhost\nthis line has no equals\n");
        CliResult r = run(Map.of(), "status", "--env-file", bad.toString());
        assertOneLineError(r, 2, "line 3", "expected KEY=VALUE");
        Path quote = Files.writeString(dir.resolve("quote.env"), "DB__PASSWORD=\"open-secret\n");
        CliResult q = run(Map.of(), "status", "--env-file", quote.toString());
        assertOneLineError(q, 2, "line 1", "unterminated");
        assertThat(q.err()).doesNotContain("open-secret");
    }

    @Test
    void anInvalidConfigurationValueNamesTheKeyAndWhereItWasSet() {
        CliResult r = run(Map.of("FLEETWAY_CONNECT_TIMEOUT", "forever", "DATABASE_URL", "postgresql://a:b@h/db"),
                "status");
        assertOneLineError(r, 2, "fleetway.connect-timeout", "environment");
    }

    @Test
    void anEmptyOrMissingMigrationsDirectoryIsAUsageError() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path empty = Files.createDirectory(dir.resolve("empty"));
            CliResult r = Cli.run(db.env(), dir, "upgrade", "--migrations", empty.toString());
            assertOneLineError(r, 2, "no migrations found in filesystem:" + empty);
            CliResult missing = Cli.run(db.env(), dir, "upgrade", "--migrations", dir.resolve("nope").toString());
            assertOneLineError(missing, 2, "does not exist");
            assertThat(db.relations()).isEmpty();
        }
    }

    @Test
    void bothAVariableAndItsFileVariantIsAnError() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        CliResult r = run(Map.of("DB__PASSWORD", "x", "DB__PASSWORD_FILE", secret.toString()), "status");
        assertOneLineError(r, 2, "both DB__PASSWORD and DB__PASSWORD_FILE");
        CliResult missing = run(Map.of("DB__PASSWORD_FILE", dir.resolve("absent").toString()), "status");
        assertOneLineError(missing, 2, "DB__PASSWORD_FILE", "cannot be read");
    }
}
