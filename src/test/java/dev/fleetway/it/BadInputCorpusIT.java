package dev.fleetway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.PackagedApp;

/**
 * The bad-input corpus ({@code src/test/resources/bad-inputs.tsv}, format in {@link CorpusCase}): every case runs
 * the packaged app as a process, start-up and logging included, and must end with its documented exit code,
 * exactly one {@code error: } line on stderr (usage cases: help text), no stack trace, and no configured secret
 * (nor 12 characters of one) anywhere in its output. A usage or configuration error (exit 2) must also come at
 * once, within 10 s.
 *
 * <p>Cases run {@code corpus.parallel} (default 3) at a time; {@code -Dcorpus.cases=id,id} runs only those. A
 * summary of every case (id, expected and actual exit code, first stderr line) is written to
 * {@code target/bad-input-corpus.txt}.
 */
class BadInputCorpusIT {
    private static final int PARALLEL = Integer.getInteger("corpus.parallel", 3);
    private static final int PROCESS_SECONDS = 90;
    private static final long AT_ONCE_MILLIS = 10_000;
    private static final int LEAK_WINDOW = 12;
    private static final List<String> STACK_TRACE = List.of("\tat ", "Exception in thread", "Caused by:");
    private static final Map<String, String> SUMMARY = new ConcurrentSkipListMap<>();

    /** What one case's run produced, with the fixture's facts needed to judge it. */
    private record Run(CliResult result, long millis, Set<String> secrets, List<String> args, Map<String, String> env,
            List<String> expect) {
    }

    @Test
    void theCorpusHasAtLeastEightyCasesOverKnownFixturesAndDocumentedExitCodes() throws Exception {
        List<CorpusCase> cases = CorpusCase.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        assertThat(cases).allSatisfy(c -> {
            assertThat(CorpusFixture.NAMES).as(c.id()).contains(c.fixture());
            assertThat(c.exitCode()).as(c.id()).isBetween(0, 7);
            assertThat(c.expect()).as(c.id()).allSatisfy(term -> assertThat(term).isNotBlank());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputEndsWithItsExitCodeOneErrorLineNoStackTraceAndNoSecret() throws Exception {
        List<CorpusCase> cases = selected(CorpusCase.load());
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "corpus");
            t.setDaemon(true);
            return t;
        });
        Map<CorpusCase, Future<Run>> runs = new LinkedHashMap<>();
        for (CorpusCase c : cases) {
            runs.put(c, pool.submit(() -> run(c)));
        }
        pool.shutdown();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.title(),
                () -> judge(c, runs.get(c).get(PROCESS_SECONDS + 120, TimeUnit.SECONDS))));
    }

    @AfterAll
    static void writeSummary() throws Exception {
        if (SUMMARY.isEmpty()) {
            return;
        }
        String text = SUMMARY.values().stream().collect(Collectors.joining("\n", "", "\n"));
        Path file = Path.of("target/bad-input-corpus.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("bad-input corpus (status id expected actual seconds first-stderr-line):\n" + text);
    }

    private static List<CorpusCase> selected(List<CorpusCase> all) {
        String only = System.getProperty("corpus.cases", "");
        if (only.isBlank()) {
            return all;
        }
        Set<String> ids = Set.of(only.split(","));
        return all.stream().filter(c -> ids.contains(c.id())).toList();
    }

    private static Run run(CorpusCase c) throws Exception {
        try (CorpusFixture fixture = CorpusFixture.create(c.fixture())) {
            Map<String, String> env = new HashMap<>(fixture.env);
            Map<String, String> extra = new LinkedHashMap<>();
            for (String word : c.env()) {
                String token = CorpusCase.expand(word, fixture.values);
                if (token.startsWith("!")) {
                    env.remove(token.substring(1));
                    extra.put(token, "");
                } else {
                    int eq = token.indexOf('=');
                    env.put(token.substring(0, eq), token.substring(eq + 1));
                    extra.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
            List<String> args = c.args().stream().map(a -> CorpusCase.expand(a, fixture.values)).toList();
            List<String> expect = c.expect().stream().map(t -> CorpusCase.expand(t, fixture.values)).toList();
            long start = System.nanoTime();
            CliResult result = PackagedApp.start(env, fixture.workDir, args.toArray(String[]::new))
                    .await(PROCESS_SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Run(result, millis, Set.copyOf(fixture.secrets), args, extra, expect);
        }
    }

    private static void judge(CorpusCase c, Run run) {
        CliResult r = run.result();
        List<String> problems = new ArrayList<>();
        if (r.exitCode() != c.exitCode()) {
            problems.add("exit code " + r.exitCode() + ", expected " + c.exitCode());
        }
        for (String marker : STACK_TRACE) {
            if (r.out().contains(marker) || r.err().contains(marker)) {
                problems.add("stack trace in the output ('" + marker.replace("\t", "\\t") + "')");
            }
        }
        for (String secret : run.secrets()) {
            leak(secret, r.out(), "stdout").or(() -> leak(secret, r.err(), "stderr")).ifPresent(problems::add);
        }
        List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
        if (c.usage()) {
            if (!(r.out() + r.err()).contains(run.expect().get(0))) {
                problems.add("no help text containing '" + run.expect().get(0) + "'");
            }
        } else if (c.exitCode() == 0) {
            errLines.stream().filter(l -> l.startsWith("error:")).findFirst()
                    .ifPresent(l -> problems.add("an error line on stderr: " + l));
            matchTerms(run.expect(), r.out(), "stdout", problems);
        } else {
            String line = errLines.stream().filter(l -> l.startsWith("error: ")).findFirst()
                    .orElse(String.join("\n", errLines));
            if (errLines.size() != 1 || !errLines.get(0).startsWith("error: ")) {
                problems.add("stderr is " + errLines.size() + " line(s), expected exactly one 'error: ' line");
            }
            matchTerms(run.expect(), line, "the error line", problems);
        }
        if (c.exitCode() == 2 && !c.usage() && run.millis() > AT_ONCE_MILLIS) {
            problems.add("took " + run.millis() + " ms; a usage or configuration error must come within "
                    + AT_ONCE_MILLIS + " ms");
        }
        SUMMARY.put(String.format("%05d", c.line()), String.format("%-4s %-34s exp %d got %d %5.1fs  %s",
                problems.isEmpty() ? "ok" : "FAIL", c.id(), c.exitCode(), r.exitCode(), run.millis() / 1000.0,
                errLines.isEmpty() ? "(no stderr)" : errLines.get(0)));
        if (!problems.isEmpty()) {
            fail(c.id() + " (bad-inputs.tsv line " + c.line() + ")\n  args: " + run.args() + "\n  env:  " + run.env()
                    + "\n  expected: exit " + c.exitCode() + (c.usage() ? ", usage text " : ", containing ")
                    + run.expect() + "\n  problems:\n    - " + String.join("\n    - ", problems)
                    + "\n--- stderr (" + errLines.size() + " lines) ---\n" + head(r.err(), 30)
                    + "--- stdout ---\n" + head(r.out(), 15));
        }
    }

    /**
     * Whether {@code output} holds {@code secret} or any {@value #LEAK_WINDOW} characters of it (a message that
     * quotes a line cut short still leaks most of a password).
     */
    private static Optional<String> leak(String secret, String output, String where) {
        for (int i = 0; i + LEAK_WINDOW <= secret.length(); i++) {
            if (output.contains(secret.substring(i, i + LEAK_WINDOW))) {
                return Optional.of("a configured secret (" + secret.substring(0, secret.indexOf('-') + 1)
                        + "…) appears in " + where + (output.contains(secret) ? "" : ", in part"));
            }
        }
        return Optional.empty();
    }

    private static void matchTerms(List<String> terms, String text, String where, List<String> problems) {
        for (String term : terms) {
            if (term.startsWith("!") && text.contains(term.substring(1))) {
                problems.add(where + " contains '" + term.substring(1) + "', which it must not");
            } else if (!term.startsWith("!") && !text.contains(term)) {
                problems.add(where + " lacks '" + term + "'");
            }
        }
    }

    private static String head(String text, int lines) {
        List<String> all = text.lines().toList();
        String shown = all.stream().limit(lines).collect(Collectors.joining("\n", "", all.isEmpty() ? "" : "\n"));
        return all.size() > lines ? shown + "… (" + (all.size() - lines) + " more lines)\n" : shown;
    }
}
