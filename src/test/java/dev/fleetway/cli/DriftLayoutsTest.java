package dev.fleetway.cli;

import static dev.fleetway.testing.LayoutProject.fleetway;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.LayoutProject;
import dev.fleetway.testing.LayoutProject.Shape;
import dev.fleetway.testing.TestDatabase;

/** {@code verify} and {@code drift} read a folder in its own layout, as {@code upgrade} does. */
class DriftLayoutsTest {

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyLayoutVerifiesItsDownScriptsAndItsDatabaseIsComparedWithWhatItsFilesProduce(Shape shape)
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LayoutProject.write(shape, db.migrations, db.workDir.resolve("config/application.yaml"),
                    db.workDir.resolve("scratch"));

            CliResult verify = fleetway(db, shape, "verify");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(verify.out()).contains("verify: 6 migrations, 6 ok, 0 failed, 0 without a down script");

            assertThat(fleetway(db, shape, "upgrade").exitCode()).isZero();
            CliResult clean = fleetway(db, shape, "drift");
            assertThat(clean.exitCode()).as(clean.toString()).isZero();
            assertThat(clean.out()).contains("in sync  default database", "at version "
                    + Long.parseLong(LayoutProject.version(shape, 5)));

            try (var c = db.connectAsOwner(); var s = c.createStatement()) {
                s.execute("DROP INDEX orders_account_idx");
            }
            CliResult drifted = fleetway(db, shape, "drift", "--fail-on", "drift");
            assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(7);
            assertThat(drifted.out()).contains("drifted  default database", "1 difference(s)",
                    "         - index orders_account_idx");
        }
    }
}
