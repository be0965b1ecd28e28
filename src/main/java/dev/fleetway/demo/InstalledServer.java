package dev.fleetway.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster made with PostgreSQL server binaries installed on the machine ({@code initdb}, {@code pg_ctl}):
 * the way the test harness starts its throwaway server. Durability is off (a demo loses nothing it needs), the
 * server listens on 127.0.0.1 only, its socket and log stay in the cluster's directory, and logins need the
 * superuser's random password (scram-sha-256).
 */
final class InstalledServer implements Server {
    private static final String SUPERUSER = "postgres";
    private static final int START_ATTEMPTS = 3;
    /** Where distributions install server binaries: Debian/Ubuntu, then the PGDG packages of RHEL and Fedora. */
    private static final List<Path> INSTALL_ROOTS = List.of(Path.of("/usr/lib/postgresql"), Path.of("/usr"));

    private final Path bin;
    private final Path dir;
    private final Optional<String> runAs;
    private final String password = UUID.randomUUID().toString().replace("-", "");
    private int port;

    private InstalledServer(Path bin, Path dir, Optional<String> runAs) {
        this.bin = bin;
        this.dir = dir;
        this.runAs = runAs;
    }

    /** The newest installed server's {@code bin} directory ({@code /usr/lib/postgresql/N/bin}, {@code /usr/pgsql-N/bin}). */
    static Optional<Path> find() {
        List<Path> found = new ArrayList<>();
        for (Path root : INSTALL_ROOTS) {
            try (Stream<Path> entries = Files.list(root)) {
                entries.filter(p -> version(p) >= 0).map(p -> p.resolve("bin")).filter(InstalledServer::hasBinaries)
                        .forEach(found::add);
            } catch (IOException | SecurityException e) {
                // no such layout on this machine
            }
        }
        return found.stream().max(Comparator.comparingInt(b -> version(b.getParent())));
    }

    /** Whether {@code bin} holds the two programs a cluster needs. */
    static boolean hasBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    /** The major version in {@code /usr/lib/postgresql/15} or {@code /usr/pgsql-16}; -1 for anything else. */
    private static int version(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        String digits = name.startsWith("pgsql-") ? name.substring("pgsql-".length()) : name;
        boolean debian = dir.getParent() != null && dir.getParent().endsWith("postgresql");
        return (debian || name.startsWith("pgsql-")) && digits.matches("\\d{1,3}") ? Integer.parseInt(digits) : -1;
    }

    /**
     * Creates a cluster in {@code dir/data} and starts it.
     *
     * @param runAs the OS user that runs the programs (PostgreSQL refuses root); it must own {@code dir}
     * @throws IllegalStateException when a program fails; the message ends with the program's last words
     */
    static InstalledServer start(Path bin, Path dir, Optional<String> runAs) throws IOException {
        InstalledServer server = new InstalledServer(bin, dir, runAs);
        server.init();
        for (int attempt = 1; ; attempt++) {
            server.port = freePort();
            try {
                server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                        "-o", "-p " + server.port + " -k '" + dir + "' -c listen_addresses=127.0.0.1"
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                        "-w", "-t", "60", "start");
                return server;
            } catch (IllegalStateException e) {
                // Another process may have taken the port since it was probed.
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void init() throws IOException {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (runAs.isPresent()) {
            Files.setOwner(passwordFile, dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(runAs.get()));
        }
        try {
            run("initdb", "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "--auth=scram-sha-256",
                    "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C", "--no-sync");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String origin() {
        return bin + runAs.map(u -> ", as OS user " + u).orElse("");
    }

    @Override
    public void stop() {
        Path pidFile = dir.resolve("data").resolve("postmaster.pid");
        for (String mode : List.of("fast", "immediate")) {
            if (!Files.exists(pidFile)) {
                return;
            }
            try {
                run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", mode, "-w", "-t", "20", "stop");
            } catch (RuntimeException e) {
                // already stopping or gone (the terminal's Ctrl-C reaches it too); checked again below
            }
        }
        killLeftover(pidFile);
    }

    /** Last resort when pg_ctl could not stop it: the postmaster's pid is the pid file's first line. */
    private static void killLeftover(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            // the pid file is gone, so the server is too
        }
    }

    /** Runs a program from {@link #bin} as {@link #runAs}; fails on a non-zero exit, naming its last output line. */
    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        runAs.ifPresent(user -> command.addAll(List.of("runuser", "-u", user, "--")));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path output = dir.resolve(program + ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (exit " + process.exitValue() + "): "
                        // pg_ctl's own last words are "Examine the log output."; the log says why
                        + lastLine(program.equals("pg_ctl") ? dir.resolve("log") : output, output));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(program + " was interrupted", e);
        }
    }

    /** The last non-blank line of the first file that has one: what a failed program said, or the server log. */
    private static String lastLine(Path... files) {
        for (Path file : files) {
            try {
                List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
                if (!lines.isEmpty()) {
                    return lines.get(lines.size() - 1).strip();
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return "no output";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
