package dev.fleetway.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetway.source.MigrationFile;

/** Each rule: a statement that triggers it and a near miss that does not; then suppression comments. */
class LinterTest {

    static MigrationFile migration(String name, String sql) {
        return MigrationFile.parse(name, "migrations", sql).orElseThrow();
    }

    /** Findings with Fleetway's own lock timeout on, so that only the rule under test speaks. */
    private static List<Finding> lint(String sql) {
        return new Linter(true).lint(migration("V2__change.sql", sql));
    }

    /** {@code rule@line} of each finding, suppressed ones included. */
    private static List<String> rules(String sql) {
        return lint(sql).stream().map(f -> f.rule() + "@" + f.line()).toList();
    }

    @Test
    void droppingATableIsAnErrorButDroppingOneCreatedInTheSameMigrationIsNot() {
        assertThat(lint("DROP TABLE accounts;")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("drop-table");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.file()).isEqualTo("migrations/V2__change.sql");
            assertThat(f.reason()).contains("accounts");
        });
        assertThat(rules("CREATE TABLE scratch (id int);\nDROP TABLE scratch;")).isEmpty();
    }

    @Test
    void droppingAColumnIsAnErrorButDroppingAConstraintIsNot() {
        assertThat(rules("ALTER TABLE users DROP COLUMN email;")).containsExactly("drop-column@1");
        assertThat(rules("ALTER TABLE users DROP CONSTRAINT users_email_key;")).isEmpty();
    }

    @Test
    void renamingATableIsAnErrorButRenamingAConstraintIsNot() {
        assertThat(rules("ALTER TABLE users RENAME TO members;")).containsExactly("rename-table@1");
        assertThat(rules("ALTER TABLE users RENAME CONSTRAINT users_pk TO users_pkey;")).isEmpty();
    }

    @Test
    void renamingAColumnIsAnErrorUnlessTheTableIsNewInThisMigration() {
        assertThat(rules("ALTER TABLE users RENAME COLUMN email TO login;")).containsExactly("rename-column@1");
        assertThat(rules("CREATE TABLE drafts (a int);\nALTER TABLE drafts RENAME COLUMN a TO b;")).isEmpty();
    }

    @Test
    void changingAColumnTypeIsAnErrorButChangingItsDefaultIsNot() {
        assertThat(rules("ALTER TABLE users ALTER COLUMN id TYPE bigint;")).containsExactly("change-column-type@1");
        assertThat(rules("ALTER TABLE users ALTER COLUMN id SET DATA TYPE bigint USING id::bigint;"))
                .containsExactly("change-column-type@1");
        assertThat(rules("ALTER TABLE users ALTER COLUMN role SET DEFAULT 'member';")).isEmpty();
    }

    @Test
    void addingANotNullColumnWithoutADefaultIsAnErrorButWithADefaultIsNot() {
        assertThat(rules("ALTER TABLE users ADD COLUMN age int NOT NULL;"))
                .containsExactly("add-column-not-null-without-default@1");
        assertThat(rules("ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;")).isEmpty();
        assertThat(rules("ALTER TABLE users ADD COLUMN age int;")).isEmpty();
    }

    @Test
    void setNotNullIsAnErrorUnlessAValidatedCheckConstraintCameFirst() {
        assertThat(rules("ALTER TABLE users ALTER COLUMN email SET NOT NULL;")).containsExactly("set-not-null@1");
        assertThat(rules("""
                ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
                ALTER TABLE users ALTER COLUMN email SET NOT NULL;""")).containsExactly("set-not-null@2");
        assertThat(rules("""
                ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
                ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
                ALTER TABLE users ALTER COLUMN email SET NOT NULL;""")).isEmpty();
    }

    @Test
    void creatingAnIndexWithoutConcurrentlyOnAnExistingTableIsAWarning() {
        assertThat(lint("CREATE INDEX users_email_idx ON users (email);")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("index-without-concurrently");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.fix()).isEqualTo("use CREATE INDEX CONCURRENTLY in a migration marked -- fleetway:non-transactional");
        });
        assertThat(rules("CREATE TABLE drafts (a int);\nCREATE INDEX drafts_a_idx ON drafts (a);")).isEmpty();
    }

    @Test
    void droppingAnIndexWithoutConcurrentlyIsAWarning() {
        assertThat(rules("DROP INDEX users_email_idx;")).containsExactly("index-without-concurrently@1");
        assertThat(rules("-- fleetway:non-transactional\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;")).isEmpty();
    }

    @Test
    void concurrentlyInATransactionalMigrationIsAnError() {
        assertThat(rules("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"))
                .containsExactly("concurrently-in-transaction@1");
        assertThat(rules("DROP INDEX CONCURRENTLY users_email_idx;")).containsExactly("concurrently-in-transaction@1");
        assertThat(rules("""
                -- fleetway:non-transactional
                CREATE UNIQUE INDEX CONCURRENTLY users_email_uidx ON users (email) WHERE deleted_at IS NULL;""")).isEmpty();
    }

    @Test
    void aForeignKeyOrCheckWithoutNotValidIsAWarning() {
        assertThat(rules("ALTER TABLE invoices ADD CONSTRAINT invoices_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);"))
                .containsExactly("constraint-without-not-valid@1");
        assertThat(rules("ALTER TABLE invoices ADD CONSTRAINT invoices_total_chk CHECK (total >= 0);"))
                .containsExactly("constraint-without-not-valid@1");
        assertThat(rules("""
                ALTER TABLE invoices ADD CONSTRAINT invoices_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;
                ALTER TABLE invoices ADD CONSTRAINT invoices_total_chk CHECK (total >= 0) NOT VALID;""")).isEmpty();
    }

    @Test
    void notValidCountsForItsOwnActionOnlyAndFindingsPointAtTheActionsLine() {
        assertThat(rules("""
                ALTER TABLE invoices
                    ADD CONSTRAINT invoices_total_chk CHECK (total >= 0) NOT VALID,
                    ADD CONSTRAINT invoices_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);"""))
                .containsExactly("constraint-without-not-valid@3");
    }

    @Test
    void alterTableWithoutALockTimeoutIsAWarningOncePerFileWhenFleetwayDoesNotSetOne() {
        Linter linter = new Linter(false);
        String sql = "ALTER TABLE users ADD COLUMN note text;\nALTER TABLE users ADD COLUMN tag text;";
        assertThat(linter.lint(migration("V2__a.sql", sql))).extracting(f -> f.rule() + "@" + f.line())
                .containsExactly("missing-lock-timeout@1");
        assertThat(linter.lint(migration("V2__a.sql", "SET lock_timeout = 0;\n" + sql))).hasSize(1);
        assertThat(linter.lint(migration("V2__a.sql", "SET lock_timeout = '5s';\n" + sql))).isEmpty();
        assertThat(linter.lint(migration("V2__a.sql", "SET LOCAL lock_timeout TO '3s';\n" + sql))).isEmpty();
        assertThat(new Linter(true).lint(migration("V2__a.sql", sql))).isEmpty();
    }

    @Test
    void vacuumFullIsAnErrorButPlainVacuumIsNot() {
        assertThat(rules("VACUUM FULL invoices;")).containsExactly("vacuum-full@1");
        assertThat(rules("VACUUM (FULL, ANALYZE) invoices;")).containsExactly("vacuum-full@1");
        assertThat(rules("VACUUM ANALYZE invoices;\nVACUUM (FULL false) invoices;")).isEmpty();
    }

    @Test
    void clusterIsAnErrorButTheWordInAStringIsNot() {
        assertThat(rules("CLUSTER invoices USING invoices_pkey;")).containsExactly("cluster@1");
        assertThat(rules("INSERT INTO notes (body) VALUES ('CLUSTER invoices');")).isEmpty();
    }

    @Test
    void lockTableIsAnErrorButTheWordsInACommentAreNot() {
        assertThat(rules("LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE;")).containsExactly("lock-table@1");
        assertThat(rules("-- LOCK TABLE invoices;\nCOMMENT ON TABLE invoices IS 'never LOCK TABLE this';")).isEmpty();
    }

    @Test
    void aStatementTheParserCannotReadIsAnInfoOnlyWhenItIsDdlTheRulesLookAt() {
        assertThat(lint("ALTER TABLE users ENABLE ROW LEVEL SECURITY;")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("unparsed");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.reason()).contains("ROW");
        });
        assertThat(rules("CREATE TYPE mood AS ENUM ('ok');\nDO $$ BEGIN PERFORM 1; END $$;")).isEmpty();
    }

    @Test
    void statementsInsideFunctionBodiesStringsAndCommentsAreNotLintedAndLinesStayRight() {
        assertThat(rules("""
                CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    -- DROP TABLE users;
                    EXECUTE 'DROP TABLE users; ALTER TABLE users DROP COLUMN x';
                END;
                $fn$;
                /* DROP TABLE users; /* nested; */ still a comment; */
                SELECT 'it''s; fine', E'\\'; still', "we;ird" FROM notes;
                DROP TABLE accounts;""")).containsExactly("drop-table@9");
    }

    @Test
    void downScriptsAreNotLinted() {
        assertThat(new Linter(false).lint(migration("U2__change.sql", "DROP TABLE accounts;"))).isEmpty();
    }

    @Test
    void anAllowCommentAboveAStatementSuppressesThatRuleForThatStatementOnly() {
        List<Finding> findings = lint("""
                -- fleetway:allow drop-column replaced by email_normalized in V12
                ALTER TABLE users DROP COLUMN email;
                ALTER TABLE users DROP COLUMN phone;""");
        assertThat(findings).extracting(Finding::line, Finding::suppressed, Finding::suppressionReason)
                .containsExactly(tuple(2, true, "replaced by email_normalized in V12"), tuple(3, false, null));
        assertThat(new LintReport(findings).errors()).isEqualTo(1);
    }

    @Test
    void anAllowCommentAtTheEndOfTheFirstLineSuppressesToo() {
        assertThat(lint("DROP TABLE legacy_sessions; -- fleetway:allow drop-table unused since release 30"))
                .singleElement().satisfies(f -> assertThat(f.suppressionReason()).isEqualTo("unused since release 30"));
        assertThat(lint("ALTER TABLE users -- fleetway:allow drop-column,rename-column moved to profiles\n DROP COLUMN bio;"))
                .singleElement().satisfies(f -> assertThat(f.suppressed()).isTrue());
    }

    @Test
    void anAllowCommentForAnotherRuleOrSeparatedByABlankLineSuppressesNothing() {
        assertThat(lint("-- fleetway:allow drop-table wrong rule\nALTER TABLE users DROP COLUMN email;"))
                .singleElement().satisfies(f -> assertThat(f.suppressed()).isFalse());
        assertThat(lint("-- fleetway:allow drop-table too far away\n\nDROP TABLE accounts;"))
                .singleElement().satisfies(f -> assertThat(f.suppressed()).isFalse());
    }

    @Test
    void anAllowCommentWithoutAReasonSuppressesButIsItselfAWarning() {
        assertThat(lint("-- fleetway:allow drop-table\nDROP TABLE accounts;"))
                .extracting(Finding::rule, Finding::line, Finding::severity, Finding::suppressed)
                .containsExactly(tuple("suppression-without-reason", 1, Severity.WARNING, false),
                        tuple("drop-table", 2, Severity.ERROR, true));
    }
}
