package dev.fleetway.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.fleetway.report.Json;
import dev.fleetway.source.MigrationFile;

/** The renderers, on a fixed fixture, and the linter on the project's own sample migrations. */
class LintOutputTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = LintOutputTest.class.getResourceAsStream("/lint/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Finding> fixture() throws IOException {
        return new Linter(false).lint(LinterTest.migration("V5__mixed_hazards.sql", resource("V5__mixed_hazards.sql")));
    }

    @Test
    void jsonOutputOfAFixedInputIsExactlyTheExpectedDocument() throws IOException {
        String json = Json.render(new LintReport(fixture()));
        assertThat(json).isEqualTo(resource("V5__mixed_hazards.json").strip());
    }

    @Test
    void jsonOutputDoesNotDependOnTheOrderFindingsArrivedIn() throws IOException {
        List<Finding> reversed = new ArrayList<>(fixture());
        Collections.reverse(reversed);
        assertThat(Json.render(new LintReport(reversed))).isEqualTo(Json.render(new LintReport(fixture())));
    }

    @Test
    void textOutputHasOneLinePerFindingAndShowsSuppressionsWithTheirReason() throws IOException {
        List<String> lines = LintText.render(fixture());
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo("migrations/V5__mixed_hazards.sql:6: allowed [drop-column] dropping column "
                + "users.legacy_flag breaks the running version, which still selects or inserts it: "
                + "the app stopped reading it in release 41");
        assertThat(lines.get(3)).startsWith("migrations/V5__mixed_hazards.sql:10: error [change-column-type] ")
                .contains(" — add a new column of type numeric (12, 2)");
        assertThat(lines.get(6)).isEqualTo("2 errors, 2 warnings, 1 info, 1 suppressed");
        assertThat(LintText.render(List.of())).containsExactly("0 errors, 0 warnings, 0 infos, 0 suppressed");
    }

    @Test
    void theSampleMigrationsHaveNoErrorsAndNothingUnread() throws IOException {
        Path dir = Path.of("migrations");
        List<MigrationFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.sorted().toList()) {
                MigrationFile.parse(p.getFileName().toString(), "migrations", Files.readString(p)).ifPresent(files::add);
            }
        }
        assertThat(files).isNotEmpty();
        LintReport report = new Linter(false).lint(files);
        assertThat(report.errors()).isZero();
        assertThat(report.infos()).isZero();
    }
}
