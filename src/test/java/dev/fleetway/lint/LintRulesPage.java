package dev.fleetway.lint;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetway.docs.Markdown;

/**
 * Renders {@code docs/lint-rules.md}: a fixed introduction and closing sections written here, and between them one
 * row per {@link Rule} with its id, severity, when it fires, and its reason and fix exactly as findings print them,
 * each {@code %s} of the templates shown as a named token such as {@code <table>}. In this package because the rule
 * enum is package-private. A rule added to the enum fails the page until {@link #RULES} names its placeholders and
 * says when it fires.
 */
public final class LintRulesPage {
    /** What a rule's placeholders stand for, in order, and when it fires (Markdown). */
    private record Doc(String firesOn, String... tokens) {
    }

    private static final Map<Rule, Doc> RULES = new EnumMap<>(Map.ofEntries(
            Map.entry(Rule.DROP_TABLE, new Doc("`DROP TABLE`", "table")),
            Map.entry(Rule.DROP_COLUMN, new Doc("`ALTER TABLE … DROP COLUMN`", "table.column")),
            Map.entry(Rule.RENAME_TABLE, new Doc("`ALTER TABLE … RENAME TO`", "table", "new name")),
            Map.entry(Rule.RENAME_COLUMN, new Doc("`ALTER TABLE … RENAME COLUMN`", "table.column", "new name")),
            Map.entry(Rule.CHANGE_COLUMN_TYPE, new Doc("`ALTER COLUMN … TYPE`", "table.column", "type")),
            Map.entry(Rule.ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT,
                    new Doc("`ADD COLUMN … NOT NULL` without `DEFAULT`", "table.column")),
            Map.entry(Rule.SET_NOT_NULL, new Doc("`SET NOT NULL` without a validated `CHECK (col IS NOT NULL)` earlier"
                    + " in the file", "table.column", "column")),
            Map.entry(Rule.INDEX_WITHOUT_CONCURRENTLY, new Doc("`CREATE INDEX` or `DROP INDEX` without `CONCURRENTLY`,"
                    + " unless the table (or index) was created earlier in the same file",
                    "CREATE INDEX index ON table | DROP INDEX index", "CREATE INDEX | DROP INDEX")),
            Map.entry(Rule.CONCURRENTLY_IN_TRANSACTION, new Doc("`CREATE INDEX CONCURRENTLY` or `DROP INDEX"
                    + " CONCURRENTLY` in a migration not marked `-- fleetway:non-transactional`",
                    "CREATE INDEX | DROP INDEX")),
            Map.entry(Rule.CONSTRAINT_WITHOUT_NOT_VALID, new Doc("a foreign key or check constraint added without"
                    + " `NOT VALID`", "CHECK | FOREIGN KEY", "constraint", "table")),
            Map.entry(Rule.MISSING_LOCK_TIMEOUT, new Doc("`ALTER TABLE` with no `SET lock_timeout` earlier in the file,"
                    + " only when `fleetway.lock-timeout` is `0`; once per file, at the first such `ALTER TABLE`",
                    "table")),
            Map.entry(Rule.VACUUM_FULL, new Doc("`VACUUM FULL`", "table")),
            Map.entry(Rule.CLUSTER, new Doc("`CLUSTER`", "table")),
            Map.entry(Rule.LOCK_TABLE, new Doc("`LOCK TABLE`", "table")),
            Map.entry(Rule.UNPARSED, new Doc("DDL the parser cannot read (no other rule checks it)", "parser message")),
            Map.entry(Rule.SUPPRESSION_WITHOUT_REASON, new Doc("a `-- fleetway:allow` comment that gives no reason",
                    "rule"))));

    /** Marks a token in a formatted template until the text around it is escaped. */
    private static final Pattern TOKEN = Pattern.compile("\u0001([^\u0002]*)\u0002");

    private static final String INTRO = """
            # Lint rules

            > The rule table is generated from the rule enum (`src/main/java/dev/fleetway/lint/Rule.java`: id,
            > severity, reason and fix of every rule) by `src/test/java/dev/fleetway/lint/LintRulesPage.java`, which
            > also holds the text around it; do not edit this page by hand. `ReferencePagesTest` fails when it is out
            > of date; regenerate it with `./mvnw test -Dtest=ReferencePagesTest -Dfleetway.docs.write=true`.

            `fleetway lint` (see [commands.md](commands.md#lint) for its options and [guide.md](guide.md#lint) for
            its output) runs static checks of migrations for locking and blue-green hazards: the old release keeps
            running against the new schema while the new one rolls out, and no statement may hold or wait for a lock
            long enough to stall traffic. It reads the SQL only, never a database.

            ## How a file is read

            Each file is split into statements (quotes, dollar quotes and comments respected) and each statement
            parsed with [JSqlParser](https://github.com/JSQLParser/JSqlParser) 5.3: a maintained, pure-Java
            PostgreSQL-capable parser that needs no reflection or native code, so it works in the native image
            (libpg_query would need JNI; Druid failed on identity columns; jOOQ's parser needs Java 21). PostgreSQL
            syntax JSqlParser lacks (`CONCURRENTLY`, `NOT VALID`, partial indexes, `VACUUM`/`CLUSTER`/`LOCK`) is
            handled on the statement's tokens before parsing; see `lint/StatementReader.java`.

            The rules are applied in file order, so what a migration did earlier counts: a table it created is new
            (nothing running uses it, so no rule fires on it), a validated `CHECK (col IS NOT NULL)` makes
            `SET NOT NULL` safe, and a `SET lock_timeout` covers the `ALTER TABLE`s after it. Down scripts (`U…`)
            are not linted: they run only on revert, where dropping is the point.

            ## Rules

            Every finding carries a one-line reason (what the statement does to the running version) and a one-line
            fix (the safe alternative). Below they are shown as templates; in a finding the tokens in angle brackets
            are filled with the statement's names, for instance:

            ```
            filesystem:migrations/V10__rename_title.sql:1: error [rename-column] renaming column projects.name to title breaks the running version, which still uses the old name — add column title, write both and backfill, switch reads, then drop projects.name in a later release
            ```

            Only error-level findings that no comment allows fail the lint (exit 4); warnings and infos are listed
            and counted.

            """;

    private static final String OUTRO = """

            ## Allowing a finding

            A comment `-- fleetway:allow RULE reason` on the line above a statement (or at the end of its first
            line) allows that rule for that statement; the finding is still listed as `allowed` with the reason (a
            missing reason is itself a warning, `suppression-without-reason`). One comment may name several rules,
            separated by commas (`-- fleetway:allow drop-column,rename-column moved to profiles`). A comment belongs
            to one statement only: the one whose text contains it, the one ending on its line, or else the next
            statement when only comment lines separate them (a blank line breaks the link); one that belongs to no
            statement is ignored.

            ```sql
            -- fleetway:allow drop-column nothing reads it since 2.3
            ALTER TABLE audit_log DROP COLUMN details;
            ```

            ## At apply time

            `upgrade --lint` (also `migrate --lint`, `install --lint` and `serve --lint` for its auto-migration), or
            `fleetway.lint-on-apply=true` (`FLEETWAY_LINT_ON_APPLY`): a target whose pending migrations have an
            error-level finding is refused with exit 4 before anything changes, naming the file, line and rule (and
            how to allow it). `lint` with no file names checks exactly those pending migrations of the default
            database.

            ## Known limits

            `lint` reads statements one by one: DDL inside `DO` blocks or function bodies is not checked.
            """;

    private LintRulesPage() {
    }

    /** The page. */
    public static String render() {
        StringBuilder md = new StringBuilder(INTRO);
        md.append(Markdown.header("rule", "severity", "fires on", "reason", "fix")).append('\n');
        for (Rule rule : Rule.values()) {
            Doc doc = RULES.get(rule);
            if (doc == null) {
                throw new IllegalStateException("rule " + rule.id() + " is not documented — add it to"
                        + " LintRulesPage.RULES: when it fires and what each %s of its templates stands for");
            }
            Object[] tokens = List.of(doc.tokens()).stream().map(t -> "\u0001" + t + "\u0002").toArray();
            Finding template = rule.at("file", 1, tokens);
            for (Object token : tokens) {
                if (!template.reason().contains((String) token) && !template.fix().contains((String) token)) {
                    throw new IllegalStateException("rule " + rule.id() + ": LintRulesPage.RULES names more"
                            + " placeholders than its templates have");
                }
            }
            md.append(Markdown.row(List.of(Markdown.code(rule.id()), template.severity().label(), doc.firesOn(),
                    text(template.reason()), text(template.fix())))).append('\n');
        }
        return md.append(OUTRO).toString();
    }

    /** A filled template as Markdown: the text escaped, each token a code span such as {@code `<table>`}. */
    private static String text(String filled) {
        Matcher m = TOKEN.matcher(filled);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(Markdown.escape(filled.substring(at, m.start()))).append(Markdown.code("<" + m.group(1) + ">"));
            at = m.end();
        }
        return out.append(Markdown.escape(filled.substring(at))).toString();
    }
}
