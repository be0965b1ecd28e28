package dev.fleetway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestDatabase;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/**
 * The world one corpus case runs in: a database or a fleet, a working directory with broken files, and every
 * secret that was configured anywhere in it (none of which may ever be printed).
 *
 * <p>Fixtures: {@code db} a fresh database with migration and app users, nothing applied; {@code migrated} the
 * same with the sample migrations applied; {@code nonempty} a database holding a table but no history;
 * {@code locked} a database that another packaged runner is migrating, stuck in a {@code pg_sleep} migration;
 * {@code broken-yaml} a database whose {@code config/application.yaml} has an unterminated quote on the password
 * line (line 5); {@code fleet} a default database and tenants db0 (configuration), db1 (tenants file) and sc0
 * (tenant query, schema-per-tenant).
 *
 * <p>Every fixture has, under {@code ${BAD}}, broken env files, secret files and tenants files, and under
 * {@code ${LAYOUT}/<name>} copies of the sample migrations with one defect each (see {@link #writeLayouts}).
 * Placeholders: DIR, MIG, BAD, LAYOUT, HOST, PORT, DB, OWNER, OWNER_PASSWORD, WRONG_PASSWORD, URL_SECRET,
 * CLOSED_PORT.
 */
final class CorpusFixture implements AutoCloseable {
    static final Set<String> NAMES = Set.of("db", "migrated", "nonempty", "locked", "broken-yaml", "fleet");

    final Path workDir;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> values = new HashMap<>();
    final Set<String> secrets = new HashSet<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private CorpusFixture(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Builds the named fixture.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    static CorpusFixture create(String name) throws Exception {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown fixture '" + name + "'; known: " + NAMES);
        }
        if (name.equals("fleet")) {
            TestFleet fleet = new TestFleet(2, 1);
            CorpusFixture f = new CorpusFixture(fleet.workDir);
            f.resources.add(fleet);
            f.common(fleet.env(), fleet.migrations, fleet.defaultDb, fleet.owner, fleet.ownerPassword);
            return f;
        }
        TestDatabase db = new TestDatabase();
        CorpusFixture f = new CorpusFixture(db.workDir);
        f.resources.add(db);
        try {
            f.common(db.env(), db.migrations, db.name, db.owner, db.ownerPassword);
            f.secrets.add(db.appPassword);
            switch (name) {
                case "migrated" -> f.migrate();
                case "nonempty" -> TestPostgres.get().execute(db.name, "CREATE TABLE legacy_orders (id int)",
                        "ALTER TABLE legacy_orders OWNER TO " + db.owner);
                case "locked" -> f.holdLock(db.name);
                case "broken-yaml" -> f.writeBrokenYaml();
                default -> { }
            }
            return f;
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
    }

    private void common(Map<String, String> base, Path migrations, String database, String owner,
            String ownerPassword) throws IOException {
        env.putAll(base);
        // Tenants from the broken tenants files get a migration user, so that each file has exactly one defect.
        env.putIfAbsent("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_USERNAME", owner);
        env.putIfAbsent("FLEETWAY_TENANT_DEFAULTS_MIGRATION_USER_PASSWORD", ownerPassword);
        String token = "tok-" + UUID.randomUUID();
        env.put("FLEETWAY_HTTP_TOKEN", token);
        secrets.add(token);
        secrets.add(ownerPassword);
        TestPostgres pg = TestPostgres.get();
        Path bad = Files.createDirectories(workDir.resolve("bad"));
        Path layouts = Files.createDirectories(workDir.resolve("layouts"));
        values.put("DIR", workDir.toString());
        values.put("MIG", migrations.toString());
        values.put("BAD", bad.toString());
        values.put("LAYOUT", layouts.toString());
        values.put("HOST", pg.host());
        values.put("PORT", String.valueOf(pg.port()));
        values.put("DB", database);
        values.put("OWNER", owner);
        values.put("OWNER_PASSWORD", ownerPassword);
        values.put("WRONG_PASSWORD", secret("wrong-pw"));
        values.put("URL_SECRET", secret("url-pw"));
        values.put("CLOSED_PORT", String.valueOf(closedPort()));
        writeBadFiles(bad, ownerPassword);
        writeLayouts(layouts);
    }

    /** A fresh secret, registered so that no output may contain it. */
    private String secret(String prefix) {
        String value = prefix + "-" + UUID.randomUUID();
        secrets.add(value);
        return value;
    }

    private void writeBadFiles(Path bad, String ownerPassword) throws IOException {
        Files.writeString(bad.resolve("owner-password"), ownerPassword + "\n");
        Files.writeString(bad.resolve("bad-line.env"), "# deployment settings\nDB__HOST=127.0.0.1\n"
                + "this line has no equals sign\n");
        Files.writeString(bad.resolve("unterminated.env"), "DB__PASSWORD=\"" + secret("envfile-pw") + "\n");
        Files.writeString(bad.resolve("lock-wait.env"), "FLEETWAY_LOCK_WAIT=banana\n");
        String url = "jdbc:postgresql://" + values.get("HOST") + ":" + values.get("PORT") + "/" + values.get("DB");
        // A tab cannot start a YAML token: snakeyaml stops at line 5, column 1, the line after the secret.
        Files.writeString(bad.resolve("tenants-invalid.yaml"), "tenants:\n  acme:\n    url: '" + url + "'\n"
                + "    migration-user: {username: acme_owner, password: '" + secret("tenants-pw") + "'}\n"
                + "\tglobex: {url: '" + url + "'}\n");
        Files.writeString(bad.resolve("tenants-duplicate.yaml"), "tenants:\n"
                + "  acme: {url: '" + url + "', migration-user: {username: acme_owner, password: '"
                + secret("dup-pw") + "'}}\n"
                + "  globex: {url: '" + url + "', schema: tenant_globex}\n"
                + "  acme: {url: '" + url + "', schema: tenant_acme}\n");
        Files.writeString(bad.resolve("tenants-bad-id.yaml"), "tenants:\n  'acme corp/1': {url: '" + url + "'}\n");
        // Neither url nor schema: a tenant with only a schema is schema-per-tenant in the default database.
        Files.writeString(bad.resolve("tenants-no-url.yaml"), "tenants:\n  nourl: {app-user: {username: someone}}\n");
    }

    /** Copies of the sample migrations with one defect (or one legitimate extra) each. */
    private static void writeLayouts(Path layouts) throws IOException {
        layout(layouts, "single-underscore", "V10_single_underscore.sql", "SELECT 1;\n");
        layout(layouts, "empty-description", "V10__.sql", "SELECT 1;\n");
        layout(layouts, "lowercase-prefix", "v10__x.sql", "SELECT 1;\n");
        layout(layouts, "non-numeric-version", "Vabc__x.sql", "SELECT 1;\n");
        layout(layouts, "after-migrate", "afterMigrate.sql", "SELECT 1;\n");
        layout(layouts, "script-config", "V1__create_accounts.sql.conf", "executeInTransaction=true\n");
        Path duplicate = layout(layouts, "duplicate-version", "V10__a.sql", "SELECT 1;\n");
        Files.writeString(duplicate.resolve("V10__b.sql"), "SELECT 2;\n");
        Path edited = layout(layouts, "edited", "V3__create_projects.sql", null);
        Files.writeString(edited.resolve("V3__create_projects.sql"), "\n-- edited after it was applied\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path missing = layout(layouts, "missing-v5", "V5__create_invoice_lines.sql", null);
        Files.delete(missing.resolve("V5__create_invoice_lines.sql"));
        Files.delete(missing.resolve("U5__create_invoice_lines.sql"));
        layout(layouts, "lint-hazard", "V10__drop_account_name.sql", "ALTER TABLE accounts DROP COLUMN name;\n");
        layout(layouts, "syntax-error", "V10__broken_syntax.sql", "CREAT TABLE broken (id int);\n");
        layout(layouts, "slow", "V10__slow.sql", "SELECT pg_sleep(120);\n");
        layout(layouts, "mixed-layouts", "20240101120000_extra.up.sql", "SELECT 1;\n");
        Files.createDirectories(layouts.resolve("empty"));
    }

    private static Path layout(Path layouts, String name, String file, String content) throws IOException {
        Path dir = layouts.resolve(name);
        TestDatabase.copySamples(dir);
        if (content != null) {
            Files.writeString(dir.resolve(file), content);
        }
        return dir;
    }

    private void writeBrokenYaml() throws IOException {
        Path config = Files.createDirectories(workDir.resolve("config"));
        Files.writeString(config.resolve("application.yaml"), "fleetway:\n  default:\n    migration-user:\n"
                + "      username: someone\n      password: \"" + secret("yaml-pw") + "\n"
                + "    app-user: {username: app}\n");
    }

    private void migrate() throws Exception {
        CliResult r = PackagedApp.run(env, workDir, "upgrade", "--migrations", values.get("MIG"));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("fixture 'migrated': upgrade failed\n" + r);
        }
    }

    /** Starts a runner that applies the samples, then sleeps in V10 holding the target's lock. */
    private void holdLock(String database) throws Exception {
        PackagedApp.Running runner = PackagedApp.start(env, workDir, "upgrade", "--migrations",
                workDir.resolve("layouts/slow").toString());
        resources.add(0, runner::kill);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Connection c = TestPostgres.get().admin(database);
                    PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE datname = ? AND query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()")) {
                s.setString(1, database);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
            if (!runner.process().isAlive()) {
                throw new IllegalStateException("fixture 'locked': the slow runner ended early\n" + runner.await(5));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("fixture 'locked': the slow migration did not start within 90 s");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // Best effort: a fixture that cannot be torn down must not hide the case's own result.
            }
        }
    }
}
