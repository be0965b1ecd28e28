package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
import dev.fleetway.testing.TestPostgres;

/**
 * {@code serve}'s dashboard in a real headless Chromium, against a fleet with current, behind, failed and
 * unreachable targets ({@link DashboardFleet}) and an API token. The tests run in order on one server and one
 * browser: the token first, then what the page shows (checked against {@code /api/v1}), filtering, the detail
 * view, a migration in another process, a phone's viewport, the requests the page made, many polls sharing one
 * audit; and last a second server's own auto-migration. Screenshots go to {@code target/dashboard*.png}; with
 * {@code -Dfleetway.docs.write=true} the overview also replaces {@code docs/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final int SLOW_SECONDS = 20;

    private DashboardFleet fleet;
    private Browser browser;
    private WebDriver page;
    private String base;
    private String token;

    @BeforeAll
    void startServeAndBrowser() throws Exception {
        Browser.assumeInstalled();
        fleet = new DashboardFleet(SLOW_SECONDS);
        token = "dash-token-" + System.nanoTime();
        base = fleet.serve(Map.of("FLEETWAY_HTTP_TOKEN", token), "/q/health/ready");
        browser = Browser.start(1280, 800);
        page = browser.driver();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
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
        assertThat(text).doesNotContain("db0", "sc0", fleet.fleet.defaultDb, "current");
        assertThat(page.getPageSource()).doesNotContain("db0", fleet.fleet.defaultDb);
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
        boolean driftAnswers = DashboardFleet.get(base + "/api/v1/drift", token).statusCode() == 200;
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
            List<String> script = r.get("lastApplied").isNull() ? List.of() : List.of(r.get("lastApplied").asText());
            assertThat(row.findElements(By.cssSelector("[data-col=lastApplied] .script")).stream()
                    .map(WebElement::getText).toList()).as(id).isEqualTo(script);
            assertThat(cell(row, "where")).as(id)
                    .isEqualTo(r.get("database").asText() + " / " + r.get("schema").asText());
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
        assertThat(page.getPageSource()).doesNotContain(fleet.fleet.ownerPassword);

        page.get(base + "/#target/db1");
        browser.await(PAGE, "db1's pending file", d -> !d.findElements(
                By.cssSelector("#pending-files li[data-script='V10__add_notes.sql']")).isEmpty());
        page.get(base + "/#target/db3");
        browser.await(PAGE, "db3's error",
                d -> d.findElement(By.id("detail-error")).getText().contains("does not exist"));
    }

    @Test
    @Order(5)
    void duringAMigrationInAnotherProcessThePageUpdatesWithoutAReload() throws Exception {
        openOverview();
        browser.script("window.fleetwayNoReload = true;");
        PackagedApp.Running upgrade = PackagedApp.start(fleet.fleet.env(), fleet.fleet.workDir, "upgrade", "--tenant",
                "db1", "--migrations", fleet.fleet.migrations.toString());
        Duration whileItRuns = Duration.ofSeconds(SLOW_SECONDS + 20);
        browser.await(whileItRuns, "db1 locked by the upgrade",
                d -> "true".equals(rowOf("db1").getAttribute("data-locked")) && "1".equals(card("locked")));
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
    void howeverManyPollsComeOneAuditRunsAndAnswersThemAll() throws Exception {
        // With db0's history locked, the next audit waits there, where pg_stat_activity shows it.
        String db0 = fleet.fleet.tenantDatabase.get("db0");
        String migrations = base + "/api/v1/migrations";
        try (Connection blocker = TestPostgres.get().admin(db0); Connection watcher = TestPostgres.get().admin(db0)) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<HttpResponse<String>> poll = CompletableFuture.completedFuture(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (waitingOnALock(watcher) == 0) { // a poll answered from the last audit (< 2 s old) starts none
                assertThat(System.nanoTime()).as("an audit waiting on db0's history").isLessThan(deadline);
                if (poll.isDone()) {
                    poll = DashboardFleet.getAsync(migrations, token);
                }
                Thread.sleep(100);
            }
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                polls.add(DashboardFleet.getAsync(migrations, token));
            }
            // Time for the 24 polls to reach serve: an audit each would show here; one that arrived too late to be
            // counted would still answer with its own generatedAt below.
            Thread.sleep(1000);
            assertThat(waitingOnALock(watcher)).as("audits waiting on db0's history").isEqualTo(1);
            blocker.rollback();
            Set<String> generatedAt = new TreeSet<>();
            for (CompletableFuture<HttpResponse<String>> answer : polls) {
                HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                generatedAt.add(JSON.readTree(r.body()).get("generatedAt").asText());
            }
            assertThat(generatedAt).as("the audit that answered the 24 polls").hasSize(1);
        }
    }

    /** Sessions of db0 waiting for a lock, but for the one asking. */
    private int waitingOnALock(Connection watcher) throws SQLException {
        try (PreparedStatement q = watcher.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                + " current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @Order(9)
    void serveOwnAutoMigrationShowsItsProgressAndThenWhyItFailed() throws Exception {
        // V11 is slow on db0; db2 keeps its failed V10 and db3 stays unreachable, so the run ends failed.
        Files.writeString(fleet.fleet.migrations.resolve("V11__slow_backfill.sql"), fleet.sleepIn("db0", SLOW_SECONDS));
        String origin = fleet.serve(Map.of("FLEETWAY_AUTO_MIGRATE", "true"), "/q/health/live");
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

    private JsonNode api(String path) throws Exception {
        return DashboardFleet.api(base + path, token);
    }

    private String focusedTarget() {
        return browser.script("return document.activeElement.closest('tr')?.dataset.target ?? null;");
    }

}
