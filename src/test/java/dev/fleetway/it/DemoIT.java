package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;

/**
 * {@code fleetway demo} as a person tries it: a throwaway server with a default database and three tenants,
 * migrated and served until Ctrl-C (SIGINT), after which no server process and no directory are left.
 */
class DemoIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern AUDIT_ROW = Pattern.compile("(?m)^\\| (default|acme|globex|initech) .*\\| ok +\\| current +\\|$");
    private static final Pattern DIRECTORY = Pattern.compile("everything is in (\\S+)");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path work;

    @Test
    void theDemoMigratesAFleetServesItAndLeavesNothingBehindOnCtrlC() throws Exception {
        int port = freePort();
        Demo demo = Demo.start(work, port, new ArrayList<>(PackagedApp.command()));
        String out = demo.awaitServing();
        assertThat(AUDIT_ROW.matcher(out).results().count()).as(out).isEqualTo(4);
        assertThat(out.lines().filter(l -> l.startsWith("ok ")).count()).as(out).isEqualTo(4);
        assertThat(out).contains("serving http://localhost:" + port);
        assertThat(get(port, "/q/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(port, "/q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode summary = new ObjectMapper().readTree(get(port, "/api/v1/migrations").body()).get("summary");
        assertThat(summary.get("targets").asInt()).isEqualTo(4);
        assertThat(summary.get("current").asInt()).isEqualTo(4);

        Path dir = demo.directory();
        assertThat(dir).isDirectory();
        assertThat(processesMentioning(dir)).as("the check below can see the demo's server").isNotEmpty();
        CliResult result = demo.interrupt(demo.process.pid());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130); // 128 + SIGINT, as for any program
        assertThat(result.out()).contains("stopped PostgreSQL and removed " + dir);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
        assertThat(dir).doesNotExist();
        assertThat(processesMentioning(dir)).isEmpty();
    }

    @Test
    void withoutAnInstalledServerTheJvmBuildRunsTheBundledOneTheSameWay() throws Exception {
        assumeTrue(!PackagedApp.isNative(), "the native binary has no bundled server (see the next test)");
        List<String> command = new ArrayList<>();
        Path jar = PackagedApp.jar();
        if (ROOT) {
            // PostgreSQL refuses root: run the demo as the 'postgres' OS user, from a copy it can read.
            Path app = Files.createDirectory(work.resolve("app"));
            run("cp", "-r", jar.getParent().toString(), app.toString());
            run("chown", "-R", "postgres", work.toString());
            jar = app.resolve(jar.getParent().getFileName()).resolve(jar.getFileName());
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(PackagedApp.java().toString(), "-jar", jar.toString()));
        int port = freePort();
        Demo demo = Demo.start(work, port, command, "--embedded");
        String out = demo.awaitServing();
        assertThat(out).contains("from the bundled binaries");
        assertThat(AUDIT_ROW.matcher(out).results().count()).as(out).isEqualTo(4);
        assertThat(get(port, "/q/health/ready").statusCode()).isEqualTo(200);

        Path dir = demo.directory();
        long java = demo.process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(demo.process.pid());
        CliResult result = demo.interrupt(java);
        assertThat(result.err()).as(result.toString()).doesNotContain("Exception", "\tat ");
        assertThat(dir).doesNotExist();
        assertThat(processesMentioning(dir)).isEmpty();
    }

    @Test
    void whereTheBundledServerCannotRunTheDemoSaysSoInOneLine() throws Exception {
        boolean nativeBinary = PackagedApp.isNative();
        assumeTrue(nativeBinary || ROOT, "a JVM build run by a normal user can run the bundled server");
        CliResult result = PackagedApp.run(Map.of("QUARKUS_HTTP_PORT", String.valueOf(freePort())), work,
                "demo", "--embedded");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).contains(nativeBinary ? "run the demo from the JVM build" : "refuses to run as root");
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("fleetway-demo-"))
                    .filter(p -> p.toFile().lastModified() > System.currentTimeMillis() - 60_000)).isEmpty();
        }
    }

    /** A running demo whose output goes to files, so that it can be read while the demo runs. */
    private record Demo(Process process, Path out, Path err) {
        static Demo start(Path work, int port, List<String> command, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            int java = command.indexOf("--") + 1; // after runuser's arguments, if any
            cmd.addAll(command.subList(0, java));
            // A child inherits an ignored SIGINT (a build started in the background has one), which the JVM can
            // then not catch; perl (part of every Debian system) restores the default before running the demo.
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
            cmd.addAll(command.subList(java, command.size()));
            cmd.add("demo");
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
            pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            return new Demo(pb.start(), work.resolve("out.txt"), work.resolve("err.txt"));
        }

        /** Waits (at most two minutes) until the demo serves; its output so far. */
        String awaitServing() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(out).contains("Ctrl-C")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the demo never served:\n" + Files.readString(out) + Files.readString(err));
                }
                Thread.sleep(200);
            }
            return Files.readString(out);
        }

        Path directory() throws IOException {
            Matcher m = DIRECTORY.matcher(Files.readString(out));
            assertThat(m.find()).as("the demo names its directory").isTrue();
            return Path.of(m.group(1));
        }

        /** Ctrl-C, as a terminal sends it; waits (at most 30 s) for the demo to end. */
        CliResult interrupt(long pid) throws Exception {
            run("kill", "-INT", String.valueOf(pid));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the demo did not end on SIGINT:\n" + Files.readString(out));
            }
            return new CliResult(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    /** Every process whose command line mentions {@code path}, of any user (their /proc cmdline is readable). */
    private static List<String> processesMentioning(Path path) {
        return ProcessHandle.allProcesses().map(p -> Path.of("/proc", String.valueOf(p.pid()), "cmdline"))
                .map(f -> {
                    try {
                        return Files.readString(f).replace('\0', ' ');
                    } catch (IOException e) {
                        return ""; // ended meanwhile
                    }
                }).filter(cmdline -> cmdline.contains(path.toString())).toList();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command)).isTrue();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
