package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fleetway.testing.CatalogSnapshot;
import dev.fleetway.testing.CliMain;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

class StepModeTest {

    @Test
    void yesYesNoAppliesExactlyTwoMigrationsAndStopsCleanly() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult run = InteractiveCli.withAnswers(db, "y\ny\nn\n", true, "migrate", "--step");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("10 step(s) to apply, at version none", "VERSION", "TYPE", "NAME", "SOURCE",
                    "DATABASE", "| 1       | up   | 1_create_accounts", "-- V1__create_accounts.sql",
                    "Apply 1_create_accounts? (y/n/quit)", "Apply 2_create_users? (y/n/quit)",
                    "-- V3__create_projects.sql", "Apply 3_create_projects? (y/n/quit)",
                    "applied 2 of 10 step(s), at version 2; stopped").doesNotContain("Apply 4_");
            MigrateRevertTest.assertStatus(db, "2", 8);
            assertThat(db.relations()).containsExactly("accounts", "accounts_id_seq", "flyway_schema_history",
                    "users", "users_id_seq");
            try (var app = db.connectAsApp(); var s = app.createStatement()) {
                s.executeQuery("SELECT count(*) FROM users").close(); // granted after each step
            }
        }
    }

    @Test
    void quitStopsWithExitZeroAndASummaryAndOtherAnswersAreAskedAgain() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            CliResult run = InteractiveCli.withAnswers(db, "maybe\ny\nquit\n", true, "migrate", "--step");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("please answer y (run it), n or quit (stop here)",
                    "applied V1__create_accounts.sql, now at version 1", "applied 1 of 10 step(s), at version 1");
            MigrateRevertTest.assertStatus(db, "1", 9);

            CliResult eof = InteractiveCli.withAnswers(db, "y\n", true, "migrate", "--step");
            assertThat(eof.exitCode()).as(eof.toString()).isZero();
            assertThat(eof.out()).contains("applied 1 of 9 step(s), at version 2");

            CliResult rest = InteractiveCli.withAnswers(db, "y\n".repeat(8), true, "migrate", "--step");
            assertThat(rest.exitCode()).as(rest.toString()).isZero();
            assertThat(rest.out()).contains("Apply account_billing_summary? (y/n/quit)",
                    "applied 8 of 8 step(s), at version 9").doesNotContain("stopped");
            MigrateRevertTest.assertStatus(db, "9", 0);
        }
    }

    @Test
    void revertStepAsksNewestFirst() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("migrate").exitCode()).isZero();
            CliResult run = InteractiveCli.withAnswers(db, "y\ny\nq\n", true, "migrate", "--revert", "--step");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("9 step(s) to revert, at version 9", "| 9       | down | 9_add_project_status",
                    "-- U9__add_project_status.sql", "Revert 9_add_project_status? (y/n/quit)",
                    "Revert 8_add_updated_at_triggers? (y/n/quit)", "Revert 7_add_user_activity_and_active_users_view?",
                    "reverted 2 of 9 step(s), at version 7; stopped");
            MigrateRevertTest.assertStatus(db, "7", 3);
        }
    }

    @Test
    void withoutATerminalStepIsRefusedWithAHintAndNothingChanges() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            List<String> before = CatalogSnapshot.of(db);
            CliResult injected = InteractiveCli.withAnswers(db, "y\n", false, "migrate", "--step");
            assertThat(injected.exitCode()).isEqualTo(2);
            assertThat(injected.err()).contains("--step", "needs a terminal", "run without --step");

            // The real detection: the test JVM has no console.
            CliResult real = db.fleetway("revert", "--step");
            assertThat(real.exitCode()).isEqualTo(2);
            assertThat(real.err()).contains("needs a terminal", "run without --step");

            CliResult child = child(db, List.of(), "y\n", "migrate", "--step");
            assertThat(child.exitCode()).as(child.toString()).isEqualTo(2);
            assertThat(child.err()).contains("needs a terminal", "run without --step");
            assertThat(CatalogSnapshot.of(db)).isEqualTo(before);
            assertThat(CatalogSnapshot.history(db)).containsExactly("<no history table>");
        }
    }

    @Test
    void onARealPseudoTerminalTheAnswersTypedDecideWhatRuns() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script(1) provides the terminal");
        try (TestDatabase db = new TestDatabase()) {
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    classpath(), CliMain.class.getName(), "migrate", "--step",
                    "--migrations", db.migrations.toString());
            String command = String.join(" ", java.stream().map(StepModeTest::shellQuote).toList());
            CliResult run = child(db, List.of("/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"),
                    "y\ny\nn\n", (String[]) null);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("Apply 3_create_projects? (y/n/quit)", "applied 2 of 10 step(s)");
            MigrateRevertTest.assertStatus(db, "2", 8);
        }
    }

    /**
     * Runs Fleetway in a child JVM on the test classpath ({@code wrapper} empty), or the given command line,
     * with the test database's environment and {@code input} on standard input (a pipe).
     */
    private static CliResult child(TestDatabase db, List<String> wrapper, String input, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(wrapper);
        if (wrapper.isEmpty()) {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    classpath(), CliMain.class.getName()));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--migrations", db.migrations.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(db.workDir.toFile());
        pb.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
        pb.environment().putAll(db.env());
        Process p = pb.start();
        var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child did not finish in 120 s: " + cmd);
        }
        p.getOutputStream().close();
        return new CliResult(p.exitValue(), out.join(), err.join());
    }

    /** The test JVM's classpath, including what a launcher's class loader added (the JUnit console's -cp). */
    private static String classpath() throws Exception {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = StepModeTest.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
