package dev.fleetway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for end-to-end tests of pages: Debian's {@code chromium} driven through its
 * {@code chromedriver} (both from the distribution's packages; Selenium Manager is never asked to download
 * anything), with a fixed viewport and every request the pages make recorded from the browser's own network
 * log. {@link #close()} ends the browser.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final List<String> requested = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test, saying why, where chromium or chromedriver is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    /** A new headless browser whose viewport is {@code width}x{@code height} CSS pixels, light, without motion. */
    public static Browser start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL", "browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        Browser browser = new Browser(new ChromeDriver(service, options));
        browser.cdp("Emulation.setEmulatedMedia", Map.of("features", List.of(
                Map.of("name", "prefers-color-scheme", "value", "light"),
                Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
        browser.cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", "UTC"));
        browser.viewport(width, height, false);
        return browser;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Sets the viewport exactly (the window's own size includes no browser UI in headless mode, but be sure). */
    public void viewport(int width, int height, boolean mobile) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
    }

    public void cdp(String command, Map<String, Object> parameters) {
        driver.executeCdpCommand(command, parameters);
    }

    /** Runs JavaScript in the page and returns its result. */
    @SuppressWarnings("unchecked")
    public <T> T script(String js, Object... args) {
        return (T) driver.executeScript(js, args);
    }

    /** Waits at most {@code timeout} until {@code condition} gives a value that is neither null nor false. */
    public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .withMessage(() -> what + "; the page's console: " + console())
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** What the pages wrote to the console since the last call (errors included), one line each. */
    public String console() {
        return driver.manage().logs().get("browser").getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Saves what the viewport shows as a PNG, creating the directory. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every URL the pages of this browser requested so far (documents, scripts, styles, images, fetches). */
    public List<String> requestedUrls() {
        for (LogEntry entry : driver.manage().logs().get("performance")) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                String method = message.path("method").asText();
                if (method.equals("Network.requestWillBeSent")) {
                    requested.add(message.path("params").path("request").path("url").asText());
                } else if (method.equals("Network.webSocketCreated")) {
                    requested.add(message.path("params").path("url").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(requested);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
