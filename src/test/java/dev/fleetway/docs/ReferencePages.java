package dev.fleetway.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import dev.fleetway.lint.LintRulesPage;

/**
 * The reference pages of {@code docs/} that are generated from the code rather than written by hand, and the one
 * way they are kept current: {@link #check} compares a page with the committed file, or writes the file when the
 * system property {@value #WRITE} is {@code true}. Paths are relative to the project's root, where Maven runs the
 * tests.
 */
public final class ReferencePages {
    /** The system property that makes {@link #check} write the pages instead of comparing them. */
    public static final String WRITE = "fleetway.docs.write";
    /** How to regenerate, for messages. */
    public static final String REGENERATE = "./mvnw test -Dtest=ReferencePagesTest -D" + WRITE + "=true";

    /** A generated page: where it is committed, and how it is made. */
    public record Page(Path file, Supplier<String> render) {
    }

    /** {@code docs/commands.md}, from the picocli model. */
    public static final Page COMMANDS = new Page(Path.of("docs", "commands.md"), CommandsPage::render);
    /** {@code docs/lint-rules.md}, from the lint rule enum. */
    public static final Page LINT_RULES = new Page(Path.of("docs", "lint-rules.md"), LintRulesPage::render);

    private ReferencePages() {
    }

    /**
     * Renders {@code page} and compares it with the committed file, or, with {@code -Dfleetway.docs.write=true},
     * writes it.
     *
     * @return empty when the committed file is current (or was just written); otherwise why not, with how to
     *         regenerate it
     */
    public static Optional<String> check(Page page) throws IOException {
        String rendered = page.render().get();
        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(page.file().getParent());
            Files.writeString(page.file(), rendered, StandardCharsets.UTF_8);
            return Optional.empty();
        }
        if (!Files.isRegularFile(page.file())) {
            return Optional.of(page.file() + " does not exist (looked in " + Path.of("").toAbsolutePath()
                    + ") — generate it with " + REGENERATE);
        }
        String committed = Files.readString(page.file(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (committed.equals(rendered)) {
            return Optional.empty();
        }
        return Optional.of(page.file() + " is out of date with the code (" + firstDifference(committed, rendered)
                + ") — regenerate it with " + REGENERATE + ", then review and commit the diff");
    }

    /** Where two texts first differ, by line, quoting both versions of that line. */
    static String firstDifference(String committed, String rendered) {
        String[] a = committed.split("\n", -1);
        String[] b = rendered.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of file>";
            if (!left.equals(right)) {
                return "first difference at line " + (i + 1) + ": committed '" + left + "', generated '" + right + "'";
            }
        }
        return "they differ";
    }
}
