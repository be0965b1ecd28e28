package dev.fleetway.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dashboard's files (served from {@code META-INF/resources}) are self-contained: every reference is a file
 * beside them, nothing names another host, and nothing needs what the Content-Security-Policy forbids (inline
 * scripts, inline styles, event-handler attributes).
 */
class DashboardResourcesTest {
    private static final Path DIR = Path.of("src/main/resources/META-INF/resources");
    /** The one absolute URL allowed: SVG's XML namespace, a name that is never fetched. */
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:\\b(?:src|href)=\"([^\"#][^\"]*)\"|\\bfrom '([^']+)'|url\\(\"?([^\")]+)\"?\\))");

    @Test
    void everyReferenceIsAFileBesideThePageAndNothingNamesAnotherHost() throws IOException {
        List<String> references = new ArrayList<>();
        for (Path file : files()) {
            String text = Files.readString(file);
            assertThat(text.replace(SVG_NAMESPACE, "")).as(file.toString())
                    .doesNotContain("http://", "https://", "@import").doesNotContainPattern("=\"//|url\\(//");
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                references.add(ref);
                assertThat(DIR.resolve(ref.replaceFirst("^\\./", "")).normalize()).as(file + " refers to " + ref)
                        .isRegularFile().startsWith(DIR);
            }
        }
        assertThat(references).contains("dashboard.js", "dashboard.css", "favicon.svg", "./api.js", "./table.js");
    }

    @Test
    void thePageNeedsNothingThePolicyForbids() throws IOException {
        String html = Files.readString(DIR.resolve("index.html"));
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=");
        for (Path file : files()) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("innerHTML", "eval(",
                    "setAttribute('style'", "new Function(", "EventSource");
        }
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> all = Files.list(DIR)) {
            return all.sorted().toList();
        }
    }
}
