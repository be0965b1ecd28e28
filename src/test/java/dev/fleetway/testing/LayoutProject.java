package dev.fleetway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A migration project written for the layout tests: six migrations (tables, indexes, a view, a function, one
 * non-transactional step whose script mixes a concurrent index build with a comment, so that it runs only when its
 * layout's marker is honoured) with their down scripts, in each named layout and in the two custom layouts of
 * docs/configuration.md.
 */
public final class LayoutProject {

    /**
     * One migration.
     *
     * @param outside whether it must run outside a transaction (its up script mixes statement kinds)
     */
    public record Step(String name, String up, String down, boolean outside) {
    }

    public static final List<Step> STEPS = List.of(
            new Step("create_accounts", "CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now());\n", "DROP TABLE accounts;\n", false),
            new Step("create_orders", "CREATE TABLE orders (id bigserial PRIMARY KEY, account_id bigint NOT NULL"
                    + " REFERENCES accounts (id), total numeric(12,2) NOT NULL DEFAULT 0);\n"
                    + "CREATE INDEX orders_account_idx ON orders (account_id);\n", "DROP TABLE orders;\n", false),
            new Step("account_totals_view", "CREATE VIEW account_totals AS SELECT a.id, a.name,"
                    + " coalesce(sum(o.total), 0) AS total\n  FROM accounts a LEFT JOIN orders o ON o.account_id = a.id"
                    + " GROUP BY a.id, a.name;\n", "DROP VIEW account_totals;\n", false),
            new Step("order_count_function", "CREATE FUNCTION order_count(account bigint) RETURNS bigint LANGUAGE sql"
                    + " STABLE AS $$\n  SELECT count(*) FROM orders WHERE account_id = account;\n$$;\n",
                    "DROP FUNCTION order_count(bigint);\n", false),
            new Step("index_account_names", "CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n"
                    + "COMMENT ON INDEX accounts_name_idx IS 'built concurrently';\n",
                    "DROP INDEX CONCURRENTLY accounts_name_idx;\n", true),
            new Step("add_account_email", "ALTER TABLE accounts ADD COLUMN email text;\n",
                    "ALTER TABLE accounts DROP COLUMN email;\n", false));

    /** The layouts the project is written in. */
    public enum Shape {
        FLYWAY, GOLANG_MIGRATE, SQLX, DBMATE, HASURA, CUSTOM_GOOSE, CUSTOM_DIALECTS;

        /** What {@code --layout} says for it; null when {@code auto} (or the declared custom layout) reads it. */
        public String option() {
            return this == SQLX ? "sqlx" : null;
        }
    }

    private LayoutProject() {
    }

    /** The version of step {@code i} (0-based) as the shape's files write it. */
    /** {@code fleetway ARGS} on {@code db}, with {@code --layout} when the shape names its layout. */
    public static CliResult fleetway(TestDatabase db, Shape shape, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (shape.option() != null) {
            all.add("--layout");
            all.add(shape.option());
        }
        return db.fleetway(all.toArray(String[]::new));
    }

    public static String version(Shape shape, int i) {
        return switch (shape) {
            case FLYWAY -> String.valueOf(i + 1);
            case HASURA -> String.valueOf(1700000000000L + i * 1000L);
            case CUSTOM_GOOSE -> String.format("%05d", i + 1);
            case CUSTOM_DIALECTS -> String.format("%04d", i + 1);
            default -> "202401" + String.format("%02d", i + 1) + "120000";
        };
    }

    /**
     * Writes the project into {@code dir} (emptied first) and, for the custom shapes, the layout into
     * {@code configFile} ({@code config/application.yaml}).
     *
     * @return the up scripts as psql should apply them, in order: the up files themselves, or for the shapes that
     *         keep both directions in one file, the up part written to a file of its own in {@code scratch}
     */
    public static List<Path> write(Shape shape, Path dir, Path configFile, Path scratch) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.createDirectories(scratch);
        List<Path> ups = new ArrayList<>();
        for (int i = 0; i < STEPS.size(); i++) {
            Step s = STEPS.get(i);
            String v = version(shape, i);
            String up = s.up();
            String down = s.down();
            Path upFile = switch (shape) {
                case FLYWAY -> {
                    write(dir.resolve("U" + v + "__" + s.name() + ".sql"), down);
                    yield write(dir.resolve("V" + v + "__" + s.name() + ".sql"), (s.outside()
                            ? "-- fleetway:non-transactional (index build)\n" : "") + up);
                }
                case GOLANG_MIGRATE -> {
                    write(dir.resolve(v + "_" + s.name() + ".down.sql"), down);
                    yield write(dir.resolve(v + "_" + s.name() + ".up.sql"), (s.outside()
                            ? "-- fleetway:non-transactional\n" : "") + up);
                }
                case SQLX -> {
                    write(dir.resolve(v + "_" + s.name() + ".down.sql"), down);
                    yield write(dir.resolve(v + "_" + s.name() + ".up.sql"), (s.outside() ? "-- no-transaction\n" : "")
                            + up);
                }
                case HASURA -> {
                    Path d = Files.createDirectories(dir.resolve(v + "_" + s.name()));
                    write(d.resolve("down.sql"), down);
                    yield write(d.resolve("up.sql"), (s.outside() ? "-- fleetway:non-transactional\n" : "") + up);
                }
                case DBMATE -> {
                    write(dir.resolve(v + "_" + s.name() + ".sql"), "-- migrate:up" + (s.outside()
                            ? " transaction:false" : "") + "\n" + up + "\n-- migrate:down" + (s.outside()
                                    ? " transaction:false" : "") + "\n" + down);
                    yield write(scratch.resolve(v + ".sql"), up);
                }
                case CUSTOM_GOOSE -> {
                    write(dir.resolve(v + "_" + s.name() + ".sql"), (s.outside() ? "-- +goose NO TRANSACTION\n" : "")
                            + "-- +goose Up\n-- +goose StatementBegin\n" + up + "-- +goose StatementEnd\n\n"
                            + "-- +goose Down\n" + down);
                    yield write(scratch.resolve(v + ".sql"), up);
                }
                case CUSTOM_DIALECTS -> {
                    Path d = Files.createDirectories(dir.resolve(v + "-" + s.name()));
                    write(d.resolve("backward.sql"), down);
                    write(d.resolve("forward.sqlite.sql"), "this is not PostgreSQL and is never read");
                    if (i == 1) { // a generic script that its PostgreSQL twin replaces
                        write(d.resolve("forward.sql"), "CREATE TABLE orders (id integer);\n");
                    }
                    yield write(d.resolve("forward.postgresql" + (s.outside() ? ".notx" : "") + ".sql"), up);
                }
            };
            ups.add(upFile);
        }
        if (shape == Shape.CUSTOM_GOOSE || shape == Shape.CUSTOM_DIALECTS) {
            Files.createDirectories(configFile.getParent());
            Files.writeString(configFile, shape == Shape.CUSTOM_GOOSE ? """
                    fleetway:
                      custom-layout:
                        up: "{version}_{name}.sql"
                        up-marker: "-- +goose Up"
                        down-marker: "-- +goose Down"
                        non-transactional-marker: "-- +goose NO TRANSACTION"
                    """ : """
                    fleetway:
                      custom-layout:
                        up: "{version}-{name}/forward[.{dialect}].sql"
                        down: "{version}-{name}/backward[.{dialect}].sql"
                        dialect: postgresql
                        other-dialects: [mysql, sqlite]
                        non-transactional-suffix: ".notx"
                    """);
        }
        return ups;
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }

    /** Runs {@code files} with psql into {@code db}, in order, as its owner, stopping at the first error. */
    public static void psql(TestDatabase db, List<Path> files) throws IOException, InterruptedException {
        psql(db.name, "public", db.owner, db.ownerPassword, files);
    }

    /** Runs {@code files} with psql into {@code schema} of {@code database}, stopping at the first error. */
    public static void psql(String database, String schema, String user, String password, List<Path> files)
            throws IOException, InterruptedException {
        if (files.isEmpty()) {
            return; // psql without -f would read standard input
        }
        TestPostgres pg = TestPostgres.get();
        List<String> command = new ArrayList<>(List.of(psqlBinary(), "-h", pg.host(), "-p", String.valueOf(pg.port()),
                "-U", user, "-d", database, "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        for (Path f : files) {
            command.add("-f");
            command.add(f.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGOPTIONS", "-c search_path=" + schema);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
    }

    private static String psqlBinary() throws IOException {
        for (Path candidate : List.of(Path.of("/usr/bin/psql"), Path.of("/usr/local/bin/psql"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/psql")).filter(Files::isExecutable).findFirst().map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("no psql found: install the PostgreSQL client"));
        }
    }
}
