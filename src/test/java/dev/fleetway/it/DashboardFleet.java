package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/**
 * The fleet {@link DashboardIT} looks at, and the {@code serve} processes that show it. Six targets: the default
 * database, db0 and sc0 (a schema of the default database) current at V10; db1 behind at 9, where V10 sleeps
 * {@code slowSeconds}; db2 failed (V10 meets a table that is already there); db3 unreachable (its database
 * dropped). Labels: db0 and db3 {@code region=eu}, db1 and sc0 {@code region=us}, db0 and sc0 {@code plan=pro}.
 */
final class DashboardFleet implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final TestFleet fleet = new TestFleet(4, 1);
    private final List<Process> servers = new ArrayList<>();

    DashboardFleet(int slowSeconds) throws Exception {
        labelTenants();
        assertThat(fleet.fleetway("upgrade", "--all").exitCode()).isZero();
        Files.writeString(fleet.migrations.resolve("V10__add_notes.sql"), "CREATE TABLE notes (id bigint PRIMARY KEY,"
                + " body text);\n" + sleepIn("db1", slowSeconds));
        fleet.executeInTenant("db2", "CREATE TABLE notes (id int)");
        CliResult partial = fleet.fleetway("upgrade", "--all", "--exclude", "db1", "--exclude", "db3");
        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(6);
        TestPostgres.get().dropDatabase(fleet.tenantDatabase.get("db3"));
    }

    /** A statement that sleeps {@code seconds} in tenant {@code id}'s database and not at all elsewhere. */
    String sleepIn(String id, int seconds) {
        return "SELECT pg_sleep(CASE WHEN current_database() = '" + fleet.tenantDatabase.get(id) + "' THEN " + seconds
                + " ELSE 0 END);\n";
    }

    /** Labels in the configuration (db0, db3) and in the tenants file (db1, sc0); db2 (the tenant query) has none. */
    private void labelTenants() throws IOException {
        Path config = fleet.workDir.resolve("config/application.yaml");
        Files.writeString(config, Files.readString(config)
                .replaceFirst("(?m)^(    db0: \\{.*)}$", "$1, labels: {region: eu, plan: pro}}")
                .replaceFirst("(?m)^(    db3: \\{.*)}$", "$1, labels: {region: eu}}"));
        Path file = fleet.workDir.resolve("tenants.yaml");
        Files.writeString(file, Files.readString(file)
                .replaceFirst("(?m)^(  db1: \\{.*)}$", "$1, labels: {region: us}}")
                .replaceFirst("(?m)^(  sc0: \\{.*)}$", "$1, labels: {region: us, plan: pro}}"));
    }

    /**
     * Starts {@code serve} for the whole fleet on a free port with {@code env} added, and waits (at most 90 s) until
     * {@code path} answers 200; stopped by {@link #close()}.
     *
     * @return its origin, e.g. {@code http://127.0.0.1:41234}
     */
    String serve(Map<String, String> env, String path) throws Exception {
        int port = freePort();
        Map<String, String> all = new HashMap<>(fleet.env());
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        List<String> cmd = new ArrayList<>(PackagedApp.command());
        cmd.addAll(List.of("serve", "--migrations", fleet.migrations.toString()));
        Path log = fleet.workDir.resolve("serve-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(fleet.workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(all);
        Process server = pb.start();
        servers.add(server);
        String origin = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("serve ended: " + Files.readString(log)).isTrue();
            try {
                if (get(origin + path, null).statusCode() == 200) {
                    return origin;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(origin + path + " never answered 200");
    }

    /** A JSON document of the API, which must answer 200. */
    static JsonNode api(String url, String token) throws Exception {
        HttpResponse<String> r = get(url, token);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(request(url, token), HttpResponse.BodyHandlers.ofString());
    }

    /** The same request sent without waiting for its answer, as a browser's poll is. */
    static CompletableFuture<HttpResponse<String>> getAsync(String url, String token) {
        return HTTP.sendAsync(request(url, token), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process server : servers) {
            server.destroy(); // SIGTERM
            server.waitFor(30, TimeUnit.SECONDS);
        }
        fleet.close();
    }
}
