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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.fleetway.testing.Browser;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;
import dev.fleetway.testing.TestFleet;
import dev.fleetway.testing.TestPostgres;

/**
 * {@code serve}'s dashboard in a real headless Chromium, against a fleet with current, behind, failed and
 * unreachable targets and an API token. The tests run in order on one server and one browser: the token first,
 * then what the page shows (checked against {@code /api/v1}), filtering, the detail view, a migration in another
 * process, a phone's viewport, the requests the page made; and last a second server's own auto-migration. Screenshots go to {@code target/dashboard*.png};
 * with {@code -Dfleetway.docs.write=true} the overview also replaces {@code docs/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final int SLOW_SECONDS = 20;

    private TestFleet fleet;
    private Process serve;
    private Browser browser;
    private WebDriver page;
    private String base;
    private String token;

    @BeforeAll
    void startServeAndBrowser() throws Exception {
        Browser.assumeInstalled();
        fleet = new TestFleet(4, 1); // db0…db3 in databases of their own, sc0 in a schema of the default database
        labelTenants();
        assertThat(fleet.fleetway("upgrade", "--all").exitCode()).isZero();
        // V10 fails on db2 (the table is there already) and, on db1, takes a while: the live test runs it there.
        Files.writeString(fleet.migrations.resolve("V10__add_notes.sql"), "CREATE TABLE notes (id bigint PRIMARY KEY,"
                + " body text);\nSELECT pg_sleep(CASE WHEN current_database() = '" + fleet.tenantDatabase.get("db1")
                + "' THEN " + SLOW_SECONDS + " ELSE 0 END);\n");
        fleet.executeInTenant("db2", "CREATE TABLE notes (id int)");
        CliResult partial = fleet.fleetway("upgrade", "--all", "--exclude", "db1", "--exclude", "db3");
        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(6);
        TestPostgres.get().dropDatabase(fleet.tenantDatabase.get("db3"));

        int port = freePort();
        base = "http://127.0.0.1:" + port;
        token = "dash-" + port;
        serve = startServe(port, Map.of("FLEETWAY_HTTP_TOKEN", token), "serve.log");
        await(base + "/q/health/ready", serve, "serve.log");
        browser = Browser.start(1280, 800);
        page = browser.driver();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (serve != null) {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @AfterEach
    void drainTheNetworkLog() {
        if (browser != null) {
            browser.requestedUrls(); // kept by the helper; the browser's buffer is emptied
        }
    }

    @Test
    @Order(1)
    void withATokenConfiguredThePageShowsNothingOfTheFleetUntilTheTokenIsGiven() {
        page.get(base + "/");
        browser.await(PAGE, "the token form", d -> d.findElement(By.id("token")).isDisplayed());
        assertNothingOfTheFleet();
        browser.screenshot(Path.of("target/dashboard-token.png"));

        page.findElement(By.id("token")).sendKeys("wrong-" + token, Keys.ENTER);
        browser.await(PAGE, "the refusal", d -> d.findElement(By.id("login-error")).getText().contains("refused"));
        assertNothingOfTheFleet();

        page.findElement(By.id("token")).clear();
        page.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
        browser.await(PAGE, "the targets after the token", d -> rows().size() == 6);
        assertThat(page.findElement(By.id("login")).isDisplayed()).isFalse();
    }

    private void assertNothingOfTheFleet() {
        assertThat(page.findElement(By.id("overview")).isDisplayed()).isFalse();
        assertThat(page.findElements(By.cssSelector("#targets-body tr"))).isEmpty();
        String text = page.findElement(By.tagName("body")).getText();
        assertThat(text).doesNotContain("db0", "sc0", fleet.defaultDb, "current");
        assertThat(page.getPageSource()).doesNotContain("db0", fleet.defaultDb);
    }

    @Test
    @Order(2)
    void theSummaryRowsAndChartMatchTheApi() throws Exception {
        openOverview();
        JsonNode api = api("/api/v1/migrations");
        Map<String, String> expected = new TreeMap<>();
        api.get("summary").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        assertThat(expected).containsEntry("targets", "6").containsEntry("current", "3")
                .containsEntry("needs-upgrade", "1").containsEntry("failed", "1").containsEntry("unreachable", "1")
                .containsEntry("drifted", "0");
        for (String state : List.of("current", "needs-upgrade", "failed", "unreachable")) {
            assertThat(card(state)).as(state).isEqualTo(expected.get(state));
        }
        assertThat(card("all")).isEqualTo("6");
        assertThat(card("locked")).isEqualTo("0");
        boolean driftAnswers = status("/api/v1/drift") == 200;
        assertThat(page.findElements(By.cssSelector("#summary [data-state=drifted]")))
                .as("drifted is shown only where /api/v1/drift answers").hasSize(driftAnswers ? 1 : 0);

        Map<String, String> versions = new TreeMap<>();
        for (JsonNode entry : api.get("targets")) {
            JsonNode r = entry.get("result");
            String id = r.get("target").asText();
            WebElement row = page.findElement(By.cssSelector("#targets-body tr[data-target='" + id + "']"));
            assertThat(row.getAttribute("data-state")).isEqualTo(r.get("status").asText());
            assertThat(cell(row, "version")).as(id).isEqualTo(r.get("currentVersion").asText(""));
            assertThat(cell(row, "pending")).as(id).isEqualTo(r.get("pending").asText(""));
            assertThat(cell(row, "failed")).as(id).isEqualTo(r.get("failed").asText(""));
            assertThat(row.findElements(By.cssSelector("[data-col=lastApplied] .script")).stream().map(WebElement::getText)
                    .toList()).as(id).isEqualTo(r.get("lastApplied").isNull() ? List.of() : List.of(r.get("lastApplied").asText()));
            assertThat(cell(row, "where")).as(id).isEqualTo(r.get("database").asText() + " / " + r.get("schema").asText());
            assertThat(cell(row, "lock")).as(id).isEmpty();
            String bucket = r.get("currentVersion").isNull() ? (r.get("pending").isNull() ? "unknown" : "none")
                    : r.get("currentVersion").asText();
            versions.merge(bucket, "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
        }
        assertThat(versions).isEqualTo(Map.of("10", "3", "9", "2", "unknown", "1"));
        Map<String, String> bars = new TreeMap<>();
        for (WebElement bar : page.findElements(By.cssSelector("#chart svg g.bar"))) {
            bars.put(bar.getAttribute("data-version"), bar.getAttribute("data-count"));
        }
        assertThat(bars).isEqualTo(versions);
        assertThat(cell(rowOf("db0"), "labels")).isEqualTo("plan=pro region=eu");

        Path shot = Path.of("target/dashboard.png");
        browser.screenshot(shot);
        if (Boolean.getBoolean("fleetway.docs.write")) {
            Files.copy(shot, Path.of("docs/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(3)
    void filteringSortingAndTheKeyboardWork() {
        openOverview();
        WebElement filter = page.findElement(By.id("filter"));
        filter.sendKeys("region=eu");
        browser.await(PAGE, "the label filter", d -> ids().equals(List.of("db0", "db3")));
        assertThat(page.findElement(By.id("shown")).getText()).isEqualTo("Showing 2 of 6 targets");
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE); // clear() fires no input event
        browser.await(PAGE, "every target again", d -> rows().size() == 6);

        new Select(page.findElement(By.id("state-filter"))).selectByValue("failed");
        browser.await(PAGE, "the state filter", d -> ids().equals(List.of("db2")));
        new Select(page.findElement(By.id("state-filter"))).selectByValue("");
        page.findElement(By.cssSelector("#summary [data-state=unreachable]")).click();
        browser.await(PAGE, "the unreachable card's filter", d -> ids().equals(List.of("db3")));
        assertThat(page.findElement(By.cssSelector("#summary [data-state=unreachable]")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        page.findElement(By.cssSelector("#summary [data-state=unreachable]")).click();
        browser.await(PAGE, "no card filter", d -> rows().size() == 6);

        page.findElement(By.cssSelector("th[data-col=version] button")).click();
        browser.await(PAGE, "sorted by version", d -> ids().subList(0, 2).containsAll(List.of("db1", "db2"))
                && ids().get(5).equals("db3"));
        assertThat(page.findElement(By.cssSelector("th[data-col=version]")).getAttribute("aria-sort"))
                .isEqualTo("ascending");

        List<String> order = ids();
        rowOf(order.get(0)).findElement(By.tagName("a")).sendKeys(Keys.ARROW_DOWN);
        assertThat(focusedTarget()).isEqualTo(order.get(1));
        page.switchTo().activeElement().sendKeys(Keys.END);
        assertThat(focusedTarget()).isEqualTo(order.get(5));
        page.switchTo().activeElement().sendKeys(Keys.HOME);
        assertThat(focusedTarget()).isEqualTo(order.get(0));
        page.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.await(PAGE, "the detail view by keyboard", d -> d.findElement(By.id("detail")).isDisplayed());
        page.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.await(PAGE, "back to the table, focus on the same target", d -> order.get(0).equals(focusedTarget()));
    }

    @Test
    @Order(4)
    void theDetailViewShowsTheFailedRowsErrorAndThePendingFiles() throws Exception {
        openOverview();
        rowOf("db2").findElement(By.tagName("a")).click();
        WebElement failed = browser.await(PAGE, "db2's failed row", d -> d.findElements(
                By.cssSelector("#timeline li.step.failed")).stream().findFirst().orElse(null));
        String recorded = null;
        for (JsonNode m : api("/api/v1/migrations/db2").get("targets").get(0).get("result").get("migrations")) {
            if (m.get("database").asText().equals("failed")) {
                recorded = m.get("error").asText();
            }
        }
        assertThat(recorded).startsWith("ERROR: relation \"notes\" already exists");
        assertThat(failed.getAttribute("data-version")).isEqualTo("10");
        assertThat(failed.findElement(By.className("step-error")).getText()).endsWith(recorded);
        assertThat(page.findElements(By.cssSelector("#timeline li.step.applied"))).hasSize(10);
        browser.screenshot(Path.of("target/dashboard-detail.png"));
        assertThat(page.getPageSource()).doesNotContain(fleet.ownerPassword);

        page.get(base + "/#target/db1");
        browser.await(PAGE, "db1's pending file", d -> !d.findElements(
                By.cssSelector("#pending-files li[data-script='V10__add_notes.sql']")).isEmpty());
        page.get(base + "/#target/db3");
        browser.await(PAGE, "db3's error", d -> d.findElement(By.id("detail-error")).getText().contains("does not exist"));
    }

    @Test
    @Order(5)
    void duringAMigrationInAnotherProcessThePageUpdatesWithoutAReload() throws Exception {
        openOverview();
        browser.script("window.fleetwayNoReload = true;");
        PackagedApp.Running upgrade = PackagedApp.start(fleet.env(), fleet.workDir, "upgrade", "--tenant", "db1",
                "--migrations", fleet.migrations.toString());
        Duration whileItRuns = Duration.ofSeconds(SLOW_SECONDS + 20);
        browser.await(whileItRuns, "db1 locked by the upgrade", d -> "true".equals(rowOf("db1").getAttribute("data-locked"))
                && "1".equals(card("locked")));
        assertThat(cell(rowOf("db1"), "lock")).startsWith("pid ").contains("fleetway");
        assertThat(page.findElement(By.id("activity")).getAttribute("data-running")).isEqualTo("true");
        assertThat(page.findElement(By.id("activity-label")).getText()).startsWith("Migration running on db1");
        browser.await(PAGE, "polling every 2 s while it runs",
                d -> "2000".equals(d.findElement(By.tagName("body")).getAttribute("data-interval")));
        browser.screenshot(Path.of("target/dashboard-migrating.png"));

        CliResult done = upgrade.await(SLOW_SECONDS + 60);
        assertThat(done.exitCode()).as(done.toString()).isZero();
        browser.await(Duration.ofSeconds(40), "db1 current at 10 without a reload", d -> "current".equals(
                rowOf("db1").getAttribute("data-state")) && "10".equals(cell(rowOf("db1"), "version"))
                && "0".equals(card("locked")) && "4".equals(card("current")));
        assertThat(page.findElement(By.id("activity")).getAttribute("data-running")).isEqualTo("false");
        assertThat((Boolean) browser.script("return window.fleetwayNoReload === true;")).isTrue();
    }

    @Test
    @Order(6)
    void onAPhoneTheTargetsAreCardsAndNothingScrollsSideways() {
        browser.viewport(390, 844, true);
        try {
            page.get(base + "/");
            browser.await(PAGE, "the targets on a phone", d -> rows().size() == 6);
            assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("no sideways scrolling at 390 px").isTrue();
            assertThat((String) browser.script("return getComputedStyle(arguments[0]).display;", rowOf("db0")))
                    .isEqualTo("grid");
            browser.screenshot(Path.of("target/dashboard-phone.png"));
            page.get(base + "/#target/db2");
            browser.await(PAGE, "db2's detail on a phone", d -> !d.findElements(By.className("step-error")).isEmpty());
            assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("no sideways scrolling in the detail view at 390 px").isTrue();
        } finally {
            browser.viewport(1280, 800, false);
        }
    }

    @Test
    @Order(7)
    void thePageRequestsNothingOutsideTheServersOwnOrigin() {
        page.get(base + "/#target/db2");
        browser.await(PAGE, "the detail view", d -> !d.findElements(By.cssSelector("#timeline li.step")).isEmpty());
        List<String> seen = browser.requestedUrls();
        assertThat(seen).as("the browser's network log").anyMatch(u -> u.endsWith("/dashboard.js"))
                .anyMatch(u -> u.endsWith("/dashboard.css")).anyMatch(u -> u.endsWith("/api/v1/migrations"))
                .anyMatch(u -> u.endsWith("/api/v1/migrations/db2"));
        assertThat(seen).allMatch(u -> u.startsWith(base + "/"), "starts with " + base + "/");
        List<String> timed = browser.script("return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(timed).isNotEmpty().allMatch(u -> u.startsWith(base + "/"), "starts with " + base + "/");
    }

    @Test
    @Order(8)
    void serveOwnAutoMigrationShowsItsProgressAndThenWhyItFailed() throws Exception {
        // V11 is slow on db0; db2 keeps its failed V10 and db3 stays unreachable, so the run ends failed.
        Files.writeString(fleet.migrations.resolve("V11__slow_backfill.sql"), "SELECT pg_sleep(CASE WHEN"
                + " current_database() = '" + fleet.tenantDatabase.get("db0") + "' THEN " + SLOW_SECONDS
                + " ELSE 0 END);\n");
        int port = freePort();
        Process auto = startServe(port, Map.of("FLEETWAY_AUTO_MIGRATE", "true"), "serve-auto.log");
        try {
            String origin = "http://127.0.0.1:" + port;
            await(origin + "/q/health/live", auto, "serve-auto.log");
            page.get(origin + "/");
            browser.await(Duration.ofSeconds(SLOW_SECONDS), "the auto-migration's progress", d -> d.findElement(
                    By.id("activity-label")).getText().startsWith("Auto-migration running: "));
            assertThat(page.findElement(By.id("activity")).getAttribute("data-running")).isEqualTo("true");
            assertThat(page.findElement(By.id("progress")).getAttribute("aria-valuemax")).isEqualTo("6");
            assertThat(page.findElement(By.id("login")).isDisplayed()).as("no token on this server").isFalse();
            browser.screenshot(Path.of("target/dashboard-auto-migration.png"));
            browser.await(Duration.ofSeconds(SLOW_SECONDS + 40), "the auto-migration's failure", d -> d.findElement(
                    By.id("notice")).getText().startsWith("The auto-migration failed: "));
            assertThat(page.findElement(By.id("activity")).getAttribute("data-running")).isEqualTo("false");
            assertThat(page.findElement(By.id("activity-label")).getText()).isEqualTo("4 of 6 targets current");
            assertThat(cell(rowOf("db0"), "version")).isEqualTo("11");
        } finally {
            auto.destroy();
            auto.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Loads the page afresh (no filter, no sort; the token stays in the tab's session storage). */
    private void openOverview() {
        page.get("about:blank");
        page.get(base + "/");
        browser.await(PAGE, "the overview", d -> d.findElement(By.id("overview")).isDisplayed() && rows().size() == 6);
    }

    private List<WebElement> rows() {
        return page.findElements(By.cssSelector("#targets-body tr[data-target]"));
    }

    private List<String> ids() {
        return rows().stream().map(r -> r.getAttribute("data-target")).toList();
    }

    private WebElement rowOf(String id) {
        return page.findElement(By.cssSelector("#targets-body tr[data-target='" + id + "']"));
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("[data-col='" + column + "']")).getText().strip();
    }

    private String card(String state) {
        return page.findElement(By.cssSelector("#summary [data-state='" + state + "'] .count")).getText();
    }

    private String focusedTarget() {
        return browser.script("return document.activeElement.closest('tr')?.dataset.target ?? null;");
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Labels: db0 and db3 (configuration) in region eu, db1 and sc0 (the tenants file) in us; db2 (query) none. */
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

    private Process startServe(int port, Map<String, String> more, String log) throws IOException {
        Map<String, String> env = new HashMap<>(fleet.env());
        env.putAll(more);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        List<String> cmd = new ArrayList<>(PackagedApp.command());
        cmd.addAll(List.of("serve", "--migrations", fleet.migrations.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(fleet.workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(fleet.workDir.resolve(log).toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits (at most 90 s) until {@code url} answers 200. */
    private void await(String url, Process server, String log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("serve ended: " + Files.readString(fleet.workDir.resolve(log))).isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never answered 200");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
