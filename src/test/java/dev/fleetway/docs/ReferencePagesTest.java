package dev.fleetway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import dev.fleetway.cli.FleetwayCli;
import picocli.CommandLine;

/**
 * The generated reference pages match the code: each test fails, saying how to regenerate, when the committed
 * page is out of date ({@code -Dfleetway.docs.write=true} writes them instead).
 */
class ReferencePagesTest {

    @Test
    void theCommittedCommandsPageIsWhatThePicocliModelGives() throws Exception {
        ReferencePages.check(ReferencePages.COMMANDS).ifPresent(Assertions::fail);
    }

    @Test
    void theCommittedLintRulesPageIsWhatTheRuleEnumGives() throws Exception {
        ReferencePages.check(ReferencePages.LINT_RULES).ifPresent(Assertions::fail);
    }

    @Test
    void everyCommandHasAOneLineHeaderForTheListOfCommands() {
        CommandLine top = FleetwayCli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Map.of(), Path.of("."));
        List<CommandLine> commands = CommandsPage.subcommands(top);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(15);
        commands.forEach(c -> assertThat(CommandsPage.header(c)).as(c.getCommandName()).isNotBlank());
    }

    @Test
    void theCommandsPageListsEveryCommandOnceWithItsAliasesAndNoMachinePath() {
        String page = CommandsPage.render();
        assertThat(page).contains("\n## status\n", "Aliases: `info`, `migrate-info`.", "\n## revert\n",
                "Aliases: `downgrade`.", "\n### Global options\n", "\n### Exit codes\n", "| `-e`, `--env-file` | `FILE` |");
        assertThat(page).doesNotContain("\n## info\n", "\n## downgrade\n", "--fleet", Path.of("").toAbsolutePath().toString());
        assertThat(page.split("\n## install\n", -1)).hasSize(2);
        // a global option is listed once, in its own section, not under every command
        assertThat(page.split("`--lock-wait`", -1)).hasSize(2);
    }

    @Test
    void theLintRulesPageShowsTemplatesWithNamedTokens() {
        String page = dev.fleetway.lint.LintRulesPage.render();
        assertThat(page).contains("| `rename-column` | error | `ALTER TABLE … RENAME COLUMN` | renaming column"
                + " `<table.column>` to `<new name>` breaks the running version, which still uses the old name |"
                + " add column `<new name>`, write both and backfill, switch reads, then drop `<table.column>` in a"
                + " later release |");
        assertThat(page).contains("`<CREATE INDEX \\| DROP INDEX>` CONCURRENTLY").doesNotContain("%s", "%1$s");
    }

    @Test
    void markdownEscapesWhatATableCellOrGitHubWouldReadAsMarkup() {
        assertThat(Markdown.escape("a | b <why> * x_y _z lock_timeout")).isEqualTo("a \\| b \\<why\\> \\* x_y \\_z lock_timeout");
        assertThat(Markdown.code("a|b")).isEqualTo("`a\\|b`");
        assertThat(Markdown.prose("runs U<version>__*.sql (--yes without a terminal), e.g. 'upgrade'."))
                .isEqualTo("runs `U<version>__*.sql` (`--yes` without a terminal), e.g. `upgrade`.");
        assertThat(Markdown.prose("(= migrate --revert), the app user's 'migrate --revert'."))
                .isEqualTo("(= migrate `--revert`), the app user's `migrate --revert`.");
        assertThatThrownBy(() -> Markdown.row(List.of("two\nlines"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStaleFileIsReportedWithTheFirstDifferingLine() {
        assertThat(ReferencePages.firstDifference("a\nb\nc\n", "a\nB\nc\n"))
                .isEqualTo("first difference at line 2: committed 'b', generated 'B'");
        assertThat(ReferencePages.firstDifference("a\n", "a\nb\n")).contains("line 2: committed '', generated 'b'");
    }
}
