package dev.fleetway.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * A throwaway PostgreSQL server for {@code fleetway demo}: a new cluster in a new directory
 * {@code fleetway-demo-*} under {@code java.io.tmpdir}, listening on 127.0.0.1 on a free port, durability off.
 *
 * <p>The binaries, the first that applies: {@code --pg-bin DIR}; the newest installed server
 * ({@code /usr/lib/postgresql/N/bin}, {@code /usr/pgsql-N/bin}) unless the bundled one is asked for; the
 * bundled one ({@link BundledServer}, JVM build only). PostgreSQL refuses to run as root, so as root an
 * installed server runs as the OS user {@code postgres} (which then owns the directory), and the bundled one
 * is refused.
 *
 * <p>Lifetime: {@link #close()} stops the server and deletes the directory; a JVM shutdown hook (Ctrl-C,
 * SIGTERM, normal exit) does the same when nothing else did. It happens once: whichever comes second waits
 * for the first and returns. Thread-safe.
 */
public final class LocalPostgres implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);
    private static final String OS_USER = "postgres";
    private static final String INSTALL_HINT = "install the PostgreSQL server (e.g. apt-get install postgresql)";

    private final Path dir;
    private Server server;
    private boolean closed;

    private LocalPostgres(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "fleetway-demo-postgres-stop"));
    }

    /**
     * Starts a server.
     *
     * @param pgBin the {@code bin} directory of a server installation to use, if given
     * @param bundled use the bundled server even when one is installed
     * @throws FleetwayException exit 2 when no usable binaries exist (saying what to install or how to run),
     *                           exit 3 when the server does not start (with its last words); nothing is left
     */
    public static LocalPostgres start(Optional<Path> pgBin, boolean bundled) {
        boolean root = "root".equals(System.getProperty("user.name"));
        Optional<Path> bin = installed(pgBin, bundled);
        BundledServer fallback = bin.isPresent() ? null : bundledServer(root, bundled);
        Optional<String> runAs = root ? Optional.of(OS_USER) : Optional.empty();
        LocalPostgres pg = new LocalPostgres(createDirectory(runAs));
        String origin = bin.map(Path::toString).orElse("the bundled binaries");
        synchronized (pg) {
            try {
                pg.server = bin.isPresent() ? InstalledServer.start(bin.get(), pg.dir, runAs) : fallback.start(pg.dir);
            } catch (Exception e) {
                pg.close();
                throw new FleetwayException(ExitCode.UNREACHABLE, "demo: could not start PostgreSQL from " + origin
                        + ": " + FleetwayException.firstLine(e.getMessage())
                        + (bin.isPresent() ? " — fix that, or point --pg-bin at another installation"
                                : " — " + INSTALL_HINT + ", or point --pg-bin at one"), e);
            }
        }
        return pg;
    }

    private static Optional<Path> installed(Optional<Path> pgBin, boolean bundled) {
        if (pgBin.isEmpty()) {
            return bundled ? Optional.empty() : InstalledServer.find();
        }
        Path bin = pgBin.get().toAbsolutePath().normalize();
        if (!InstalledServer.hasBinaries(bin)) {
            throw FleetwayException.usage("--pg-bin " + bin + " has no initdb and pg_ctl — point it at the bin"
                    + " directory of a PostgreSQL server installation");
        }
        return Optional.of(bin);
    }

    private static BundledServer bundledServer(boolean root, boolean asked) {
        String what = asked ? "demo --embedded: " : "demo: no PostgreSQL server is installed, and ";
        BundledServer bundled = bundled().orElseThrow(() -> FleetwayException.usage(what + "this build has no"
                + " bundled PostgreSQL (the native binary never has) — " + INSTALL_HINT + ", point --pg-bin at one,"
                + " or run the demo from the JVM build (java -jar target/quarkus-app/quarkus-run.jar demo)"));
        if (root) {
            throw FleetwayException.usage(what + "the bundled PostgreSQL refuses to run as root — "
                    + (asked ? "run fleetway demo as a normal user, or leave out --embedded"
                            : INSTALL_HINT + ", or run fleetway demo as a normal user"));
        }
        return bundled;
    }

    private static Optional<BundledServer> bundled() {
        try {
            return ServiceLoader.load(BundledServer.class, BundledServer.class.getClassLoader()).findFirst();
        } catch (ServiceConfigurationError e) {
            // a registration whose class is not there: a build made without the bundled server
            return Optional.empty();
        }
    }

    private static Path createDirectory(Optional<String> owner) {
        Path dir;
        try {
            dir = Files.createTempDirectory("fleetway-demo-");
        } catch (IOException e) {
            throw FleetwayException.usage("demo: cannot create a directory in " + System.getProperty("java.io.tmpdir")
                    + " (" + e.getMessage() + ") — make it writable or set -Djava.io.tmpdir");
        }
        try {
            if (owner.isPresent()) {
                Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(owner.get()));
            }
            return dir;
        } catch (UserPrincipalNotFoundException e) {
            delete(dir);
            throw FleetwayException.usage("demo: as root, PostgreSQL must run as the OS user '" + owner.get()
                    + "', which does not exist — create it (useradd --system postgres) or run as a normal user");
        } catch (IOException e) {
            delete(dir);
            throw FleetwayException.usage("demo: cannot hand " + dir + " to the OS user '" + owner.get() + "' ("
                    + e.getMessage() + ") — run as a normal user");
        }
    }

    /** The cluster's directory: data, log, socket, and whatever the demo keeps beside them. */
    public Path directory() {
        return dir;
    }

    public synchronized Server server() {
        return server;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server().port() + "/" + database;
    }

    /** Stops the server (if it started) and deletes the directory. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop();
        }
        delete(dir);
        LOG.infof("demo: PostgreSQL stopped, %s removed", dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("demo: could not remove %s completely (%s); delete it by hand", dir, e.getMessage());
        }
    }
}
