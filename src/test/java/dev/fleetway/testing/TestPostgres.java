package dev.fleetway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real PostgreSQL server for tests, shared by every test in the JVM, reachable over TCP with an
 * administrative (superuser) login.
 *
 * <p>The server is chosen once, on the first call to {@link #get()}, in this order:
 * <ol>
 *   <li>{@code FLEETWAY_TEST_DB_URL} (e.g. {@code jdbc:postgresql://host:5432/postgres}) with
 *       {@code FLEETWAY_TEST_DB_USER} and {@code FLEETWAY_TEST_DB_PASSWORD}: that server is used as is.
 *       The user must be able to create databases and roles; the URL's database is used for
 *       administrative statements and its query parameters are kept on every URL this class builds.</li>
 *   <li>Otherwise, when Docker is available: a Testcontainers {@code postgres:15-alpine} container,
 *       kept for the lifetime of the JVM.</li>
 *   <li>Otherwise: a throwaway cluster made with the newest {@code /usr/lib/postgresql/<N>/bin}
 *       (or {@code FLEETWAY_TEST_PG_BIN}) in a temporary directory, listening on {@code 127.0.0.1} on a
 *       free port, with durability switched off. When the JVM runs as root the cluster runs as the
 *       {@code postgres} OS user. It is stopped and deleted by a JVM shutdown hook.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe. Tests share the server, so they must isolate themselves:
 * {@link #createDatabase(String)} and {@link #createRole(String, String, boolean)} return names with a
 * random suffix that do not clash with parallel tests (or parallel test JVMs on the same server).
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class.getName());
    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/?,\\[]+)(?::(\\d+))?(?:/([^?]*))?(?:\\?(.*))?");
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final String maintenanceDatabase;
    private final String urlParameters;

    private TestPostgres(String host, int port, String adminUser, String adminPassword,
                         String maintenanceDatabase, String urlParameters) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.maintenanceDatabase = maintenanceDatabase;
        this.urlParameters = urlParameters;
    }

    /**
     * Returns the JVM-wide server, starting it on the first call. Safe to call from any thread.
     *
     * @throws IllegalStateException if no server could be provided; the message says why. The start is
     *                               attempted only once per JVM, so every call fails the same way.
     */
    public static TestPostgres get() {
        if (Holder.FAILURE != null) {
            throw new IllegalStateException(Holder.FAILURE.getMessage(), Holder.FAILURE);
        }
        return Holder.INSTANCE;
    }

    /** Starts the server when first used; the JVM makes that happen once, thread-safely. */
    private static final class Holder {
        static final TestPostgres INSTANCE;
        static final RuntimeException FAILURE;

        static {
            TestPostgres started = null;
            RuntimeException failure = null;
            try {
                loadDriver();
                started = start();
                LOG.info("Test PostgreSQL server at " + started.host + ":" + started.port);
            } catch (RuntimeException e) {
                failure = e;
            }
            INSTANCE = started;
            FAILURE = failure;
        }
    }

    /** Host name or address of the server, without brackets for IPv6. */
    public String host() {
        return host;
    }

    /** TCP port of the server, as reachable from this JVM. */
    public int port() {
        return port;
    }

    /** User name of the administrative login. */
    public String adminUser() {
        return adminUser;
    }

    /** Password of the administrative login. */
    public String adminPassword() {
        return adminPassword;
    }

    /**
     * JDBC URL of {@code database} on this server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/db}.
     * Credentials are not part of the URL.
     */
    public String jdbcUrl(String database) {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + urlHost + ":" + port + "/" + URLEncoder.encode(database, UTF_8)
                + urlParameters;
    }

    /**
     * Opens a new connection to {@code database} as the administrative user (auto-commit on).
     * The caller closes it.
     */
    public Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), adminUser, adminPassword);
    }

    /**
     * Creates an empty database owned by the administrative user.
     *
     * @param prefix start of the name; lower-cased, at most 54 bytes
     * @return the new database's name, {@code prefix_<8 random [a-z0-9]>}
     * @throws IllegalArgumentException if the prefix is too long for a PostgreSQL identifier
     * @throws IllegalStateException    if the server refuses
     */
    public String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        execute(maintenanceDatabase, "CREATE DATABASE " + quoteIdentifier(name));
        return name;
    }

    /**
     * Drops a database if it exists, terminating every other session connected to it.
     *
     * @throws IllegalStateException if the server refuses
     */
    public void dropDatabase(String name) {
        try (Connection connection = admin(maintenanceDatabase); Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getDatabaseMajorVersion() >= 13) {
                statement.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
                return;
            }
            try (PreparedStatement terminate = connection.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, name);
                terminate.execute();
            }
            statement.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + name, e);
        }
    }

    /**
     * Creates a role with no privileges beyond those of {@code PUBLIC}.
     *
     * @param prefix   start of the name; lower-cased, at most 54 bytes
     * @param password the role's password, or {@code null} for none
     * @param canLogin whether the role may log in
     * @return the new role's name, {@code prefix_<8 random [a-z0-9]>}
     * @throws IllegalArgumentException if the prefix is too long for a PostgreSQL identifier
     * @throws IllegalStateException    if the server refuses
     */
    public String createRole(String prefix, String password, boolean canLogin) {
        String name = uniqueName(prefix);
        execute(maintenanceDatabase, "CREATE ROLE " + quoteIdentifier(name)
                + (canLogin ? " LOGIN" : " NOLOGIN")
                + (password == null ? "" : " PASSWORD " + quoteLiteral(password)));
        return name;
    }

    /**
     * Drops a role if it exists. Best effort: failures (for instance because the role still owns
     * objects or holds privileges in some database) are ignored.
     */
    public void dropRole(String name) {
        try (Connection connection = admin(maintenanceDatabase);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + quoteIdentifier(name));
        } catch (SQLException e) {
            LOG.fine(() -> "Could not drop role " + name + ": " + e.getMessage());
        }
    }

    /**
     * Runs statements in {@code database} as the administrative user, in order, each in its own
     * transaction (auto-commit), on one connection.
     *
     * @throws IllegalStateException on the first statement that fails; later ones are not run
     */
    public void execute(String database, String... sql) {
        try (Connection connection = admin(database); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL failed in database " + database + ": " + each, e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to database " + database + " as " + adminUser, e);
        }
    }

    private static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix.toLowerCase(Locale.ROOT)).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            name.append(Character.forDigit(random.nextInt(36), 36));
        }
        if (name.toString().getBytes(UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("Prefix too long for a PostgreSQL identifier: " + prefix);
        }
        return name.toString();
    }

    private static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Like PostgreSQL's quote_literal: correct whatever standard_conforming_strings is. */
    private static String quoteLiteral(String value) {
        String body = value.replace("'", "''");
        return value.indexOf('\\') < 0 ? "'" + body + "'" : "E'" + body.replace("\\", "\\\\") + "'";
    }

    /** Registers the driver with DriverManager for this class's loader (matters under Quarkus class loaders). */
    private static void loadDriver() {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The PostgreSQL JDBC driver is not on the test classpath", e);
        }
    }

    private static TestPostgres start() {
        String url = System.getenv("FLEETWAY_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return fromEnvironment(url.trim());
        }
        if (dockerAvailable()) {
            return Container.start();
        }
        return LocalCluster.start();
    }

    private static TestPostgres fromEnvironment(String url) {
        Matcher matcher = JDBC_URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalStateException("FLEETWAY_TEST_DB_URL must look like"
                    + " jdbc:postgresql://host[:port][/database][?params], got " + url);
        }
        String user = System.getenv("FLEETWAY_TEST_DB_USER");
        if (user == null || user.isBlank()) {
            throw new IllegalStateException("FLEETWAY_TEST_DB_URL is set but FLEETWAY_TEST_DB_USER is not");
        }
        String host = matcher.group(1).replaceAll("^\\[|\\]$", "");
        int port = matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2));
        String database = matcher.group(3) == null || matcher.group(3).isEmpty()
                ? "postgres" : URLDecoder.decode(matcher.group(3), UTF_8);
        String parameters = matcher.group(4) == null || matcher.group(4).isEmpty() ? "" : "?" + matcher.group(4);
        String password = Objects.requireNonNullElse(System.getenv("FLEETWAY_TEST_DB_PASSWORD"), "");
        return new TestPostgres(host, port, user, password, database, parameters);
    }

    /** False, never an exception, when Testcontainers is missing or finds no Docker engine. */
    private static boolean dockerAvailable() {
        try {
            return Container.dockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Everything touching Testcontainers, so that this class loads without it. */
    private static final class Container {

        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }

        static TestPostgres start() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine")
                    .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off",
                            "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            container.start();
            // Ryuk removes the container as well; stopping it here covers setups with Ryuk disabled.
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-container-stop"));
            return new TestPostgres(container.getHost(), container.getMappedPort(5432),
                    container.getUsername(), container.getPassword(), "postgres", "");
        }
    }

    /** A private cluster made with the locally installed server binaries. */
    private static final class LocalCluster {

        private static final String ADMIN_USER = "fleetway_admin";
        private static final int START_ATTEMPTS = 3;

        private final Path bin;
        private final Path dir;
        private final boolean runAsPostgres;

        private LocalCluster(Path bin, Path dir, boolean runAsPostgres) {
            this.bin = bin;
            this.dir = dir;
            this.runAsPostgres = runAsPostgres;
        }

        static TestPostgres start() {
            Path bin = findBinaries();
            // PostgreSQL refuses to run as root.
            boolean root = "root".equals(System.getProperty("user.name"));
            LocalCluster cluster;
            try {
                cluster = new LocalCluster(bin, Files.createTempDirectory("fleetway-pg-"), root);
            } catch (IOException e) {
                throw new IllegalStateException("Could not create a directory for the test cluster", e);
            }
            try {
                String password = UUID.randomUUID().toString().replace("-", "");
                cluster.init(password);
                int port = cluster.startServer();
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroy, "test-postgres-cluster-stop"));
                return new TestPostgres("127.0.0.1", port, ADMIN_USER, password, "postgres", "");
            } catch (IOException | RuntimeException e) {
                cluster.destroy();
                throw e instanceof IllegalStateException ise ? ise
                        : new IllegalStateException("Could not start a test cluster from " + bin, e);
            }
        }

        private static Path findBinaries() {
            String override = System.getenv("FLEETWAY_TEST_PG_BIN");
            if (override != null && !override.isBlank()) {
                Path bin = Path.of(override.trim());
                if (!hasServerBinaries(bin)) {
                    throw new IllegalStateException("FLEETWAY_TEST_PG_BIN has no initdb and pg_ctl: " + bin);
                }
                return bin;
            }
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                        .filter(version -> hasServerBinaries(version.resolve("bin")))
                        .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                        .map(version -> version.resolve("bin"))
                        .orElseThrow(LocalCluster::noServer);
            } catch (IOException e) {
                throw noServer();
            }
        }

        private static boolean hasServerBinaries(Path bin) {
            return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
        }

        private static IllegalStateException noServer() {
            return new IllegalStateException("No PostgreSQL server for tests: set FLEETWAY_TEST_DB_URL,"
                    + " FLEETWAY_TEST_DB_USER and FLEETWAY_TEST_DB_PASSWORD, make Docker available, or install"
                    + " the PostgreSQL server binaries (/usr/lib/postgresql/<N>/bin, or FLEETWAY_TEST_PG_BIN)");
        }

        private void init(String password) throws IOException {
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            if (runAsPostgres) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(passwordFile, postgres);
                Files.setOwner(dir, postgres);
            }
            run("initdb", "-D", dir.resolve("data").toString(), "-U", ADMIN_USER, "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C", "--no-sync");
            Files.delete(passwordFile);
        }

        private int startServer() throws IOException {
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                try {
                    run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                            "-o", "-p " + port + " -k '" + dir + "' -c listen_addresses=127.0.0.1"
                                    + " -c max_connections=300 -c fsync=off -c synchronous_commit=off"
                                    + " -c full_page_writes=off",
                            "-w", "start");
                    return port;
                } catch (IllegalStateException e) {
                    // Another process may have taken the port since it was probed.
                    if (attempt == START_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        /** Runs a PostgreSQL program from {@link #bin}, as {@code postgres} if needed; fails on a non-zero exit. */
        private void run(String program, String... args) {
            List<String> command = new ArrayList<>();
            if (runAsPostgres) {
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.add(bin.resolve(program).toString());
            command.addAll(List.of(args));
            Path output = dir.resolve(program + ".out");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " timed out" + diagnostics(output));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command)
                            + " failed with exit code " + process.exitValue() + diagnostics(output));
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + program, e);
            }
        }

        /** The program's output and the tail of the server log. */
        private String diagnostics(Path output) {
            Path log = dir.resolve("log");
            return "\n--- " + output + "\n" + tail(output) + "\n--- " + log + "\n" + tail(log);
        }

        private static String tail(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(unavailable: " + e + ")";
            }
        }

        /** Stops the server, if running, and deletes the directory. Never throws. */
        private void destroy() {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                try {
                    run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
                } catch (RuntimeException e) {
                    // Nothing more to do at shutdown; the directory is removed regardless.
                }
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // Best effort: a leftover directory in the temp dir is harmless.
            }
        }
    }
}
