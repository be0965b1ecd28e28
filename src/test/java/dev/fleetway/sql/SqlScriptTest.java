package dev.fleetway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static java.util.List<Integer> lines(String sql) {
        return SqlScript.of(sql).statements().stream().map(SqlScript.Statement::line).toList();
    }

    @Test
    void statementsSplitAtSemicolonsOutsideQuotesAndCommentsAndKnowTheirFirstLine() {
        String sql = """
                -- header; not a statement
                SELECT 'a;b', E'c\\';d', "e;f", $$g;h$$, $tag$ i; $$ j; $tag$;
                /* k; /* nested; */ l; */

                SELECT 1
                ;SELECT 2;;
                """;
        assertThat(lines(sql)).containsExactly(2, 5, 6);
        assertThat(SqlScript.of(sql).statements().get(0).tokens()).hasSize(10);
    }

    @Test
    void aSqlStandardFunctionBodyIsOneStatement() {
        String sql = """
                CREATE FUNCTION total() RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                    SELECT 1;
                    SELECT CASE WHEN true THEN 2 END;
                END;
                DROP TABLE t;""";
        assertThat(lines(sql)).containsExactly(1, 6);
    }

    @Test
    void unterminatedQuotesRunToTheEndInsteadOfFailing() {
        assertThat(lines("SELECT 1;\nSELECT $x$ never closed; DROP TABLE t;")).containsExactly(1, 2);
        assertThat(lines("SELECT 'open; DROP TABLE t;")).containsExactly(1);
    }

    @Test
    void theLastStatementNeedsNoSemicolon() {
        SqlScript script = SqlScript.of("SELECT 1;\n\nDROP TABLE t");
        assertThat(lines("SELECT 1;\n\nDROP TABLE t")).containsExactly(1, 3);
        assertThat(script.statements().get(1).text("SELECT 1;\n\nDROP TABLE t")).isEqualTo("DROP TABLE t");
    }

    @Test
    void aDollarSignInsideANameOrAParameterIsNotAQuote() {
        assertThat(lines("SELECT a$b, $1 FROM t; SELECT 2;")).containsExactly(1, 1);
    }
}
