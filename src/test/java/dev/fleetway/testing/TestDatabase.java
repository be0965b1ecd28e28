package dev.fleetway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh database for one test: a migration user that owns it, an application user with only a login,
 * and a private copy of the sample migrations the test may edit. {@link #env()} is the environment a
 * deployment would set; {@link #close()} drops everything.
 */
public final class TestDatabase implements AutoCloseable {
    private static final Path SAMPLE_MIGRATIONS = Path.of("migrations");

    public final String name;
    public final String owner;
    public final String ownerPassword;
    public final String app;
    public final String appPassword;
    public final Path workDir;
    public final Path migrations;
    private final TestPostgres pg = TestPostgres.get();

    public TestDatabase() {
        this.ownerPassword = "own-" + UUID.randomUUID();
        this.appPassword = "app-" + UUID.randomUUID();
        this.owner = pg.createRole("fw_owner", ownerPassword, true);
        this.app = pg.createRole("fw_app", appPassword, true);
        this.name = pg.createDatabase("fw_test");
        pg.execute(name, "ALTER DATABASE " + name + " OWNER TO " + owner, "ALTER SCHEMA public OWNER TO " + owner);
        try {
            this.workDir = Files.createTempDirectory("fleetway-test");
            this.migrations = workDir.resolve("migrations");
            copySamples(migrations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the sample migrations (the ones embedded in the build) into {@code dir}. */
    public static void copySamples(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(SAMPLE_MIGRATIONS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    /** {@code postgresql://owner:pw@host:port/name}. */
    public String url() {
        return "postgresql://" + owner + ":" + ownerPassword + "@" + pg.host() + ":" + pg.port() + "/" + name;
    }

    public String jdbcUrl() {
        return pg.jdbcUrl(name);
    }

    /** Environment of a deployment: the seed-compatible variables and the app user. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB__HOST", pg.host());
        env.put("DB__PORT", String.valueOf(pg.port()));
        env.put("DB__NAME", name);
        env.put("DB__USER", owner);
        env.put("DB__PASSWORD", ownerPassword);
        env.put("FLEETWAY_DEFAULT_APP_USER_USERNAME", app);
        env.put("FLEETWAY_CONFIG_DIR", workDir.toString());
        return env;
    }

    /** Runs Fleetway in-process with {@link #env()} and this test's private migrations. */
    public CliResult fleetway(String... args) {
        return fleetwayWith(env(), args);
    }

    public CliResult fleetwayWith(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(migrations.toString());
        return Cli.run(env, workDir, all.toArray(String[]::new));
    }

    public Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), owner, ownerPassword);
    }

    public Connection connectAsApp() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), app, appPassword);
    }

    /** Runs a query as the owner and returns the first column of every row. */
    public List<String> query(String sql) throws SQLException {
        try (Connection c = connectAsOwner(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    /** Table, view and sequence names in {@code public}, sorted. */
    public List<String> relations() throws SQLException {
        return query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r','v','S','m') ORDER BY 1");
    }

    public void writeMigration(String file, String sql) throws IOException {
        Files.writeString(migrations.resolve(file), sql);
    }

    @Override
    public void close() {
        pg.dropDatabase(name);
        pg.dropRole(owner);
        pg.dropRole(app);
    }
}
