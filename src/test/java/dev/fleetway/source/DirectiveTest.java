package dev.fleetway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fleetway.lint.Linter;

class DirectiveTest {

    private static List<String> kinds(String script) {
        return Directive.of(script).stream().map(d -> d.kind() + ":" + d.argument()).toList();
    }

    @Test
    void theNonTransactionalMarkerIsReadWithOrWithoutAReasonAndWithAnySpacing() {
        assertThat(Directive.declaresNonTransactional("-- fleetway:non-transactional\nCREATE INDEX CONCURRENTLY i ON t(a);"))
                .isTrue();
        assertThat(kinds("-- fleetway:non-transactional (index build)\nSELECT 1;"))
                .containsExactly("NON_TRANSACTIONAL:(index build)");
        assertThat(kinds("--fleetway:Non-Transactional(index build)\n")).containsExactly("NON_TRANSACTIONAL:(index build)");
        assertThat(kinds("   --   FLEETWAY:NON-TRANSACTIONAL   because it waits  \n"))
                .containsExactly("NON_TRANSACTIONAL:because it waits");
        assertThat(kinds("SELECT 1; -- fleetway:non-transactional\n")).containsExactly("NON_TRANSACTIONAL:");
    }

    @Test
    void markersInsideStringsBlockCommentsAndFunctionBodiesDeclareNothing() {
        assertThat(Directive.declaresNonTransactional("SELECT '-- fleetway:non-transactional';")).isFalse();
        assertThat(Directive.declaresNonTransactional("/* -- fleetway:non-transactional */ SELECT 1;")).isFalse();
        assertThat(Directive.declaresNonTransactional(
                "CREATE FUNCTION f() RETURNS int AS $$\n-- fleetway:non-transactional\nSELECT 1 $$ LANGUAGE sql;"))
                .isFalse();
        assertThat(Directive.declaresNonTransactional("-- fleetway: non-transactional\n")).isFalse();
        assertThat(Directive.declaresNonTransactional("-- non-transactional\n")).isFalse();
    }

    @Test
    void allowDirectivesKeepTheirRulesAndReasonAndUnknownKeywordsAreKeptAsUnknown() {
        assertThat(kinds("-- fleetway:allow drop-column,drop-table it is unused since v3\n"))
                .containsExactly("ALLOW:drop-column,drop-table it is unused since v3");
        assertThat(kinds("-- fleetway:nontransactional\n")).containsExactly("UNKNOWN:nontransactional");
        assertThat(Directive.parse(new dev.fleetway.sql.SqlToken(dev.fleetway.sql.SqlToken.Kind.BLOCK_COMMENT,
                "/* fleetway:allow x */", 1, 0, 22))).isEqualTo(Optional.empty());
    }

    @Test
    void theLinterAndTheExecutorReadTheSameMarker() {
        String script = "-- fleetway:non-transactional (index build)\nCREATE INDEX CONCURRENTLY acc_idx ON accounts(id);\n";
        MigrationFile file = MigrationFile.parse("V100__nt.sql", "filesystem:/m", script).orElseThrow();
        assertThat(file.nonTransactional()).as("the executor runs it outside a transaction").isTrue();
        // Linted as a transactional script, CREATE INDEX CONCURRENTLY is an error (it cannot run in one).
        assertThat(new Linter(true).lint(file)).as("the linter accepts it as non-transactional")
                .noneMatch(f -> f.rule().equals("concurrently-in-transaction"));
        MigrationFile plain = MigrationFile.parse("V100__nt.sql", "filesystem:/m",
                "CREATE INDEX CONCURRENTLY acc_idx ON accounts(id);\n").orElseThrow();
        assertThat(plain.nonTransactional()).isFalse();
        assertThat(new Linter(true).lint(plain)).anyMatch(f -> f.rule().equals("concurrently-in-transaction"));
    }
}
