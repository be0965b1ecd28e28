package dev.fleetway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.ConfigLoader;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.Outcome;
import dev.fleetway.execute.Rollout;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.Direction;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Selection;
import dev.fleetway.tenant.Target;
import dev.fleetway.testing.TestDatabase;

/** The plans of every write path, against a real database. */
class PlannerTest {
    private static final List<String> SAMPLE = List.of("V1__create_accounts.sql", "V2__create_users.sql",
            "V3__create_projects.sql", "V4__create_invoices.sql", "V5__create_invoice_lines.sql",
            "V6__create_audit_log.sql", "V7__add_user_activity_and_active_users_view.sql",
            "V8__add_updated_at_triggers.sql", "V9__add_project_status.sql", "R__account_billing_summary.sql");

    private static Fleet fleet(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("FLEETWAY_LOCATIONS", "filesystem:" + db.migrations);
        return new Fleet(new ConfigLoader(env, db.workDir).load(Map.of(), Optional.empty()), Events.none());
    }

    private static Plan up(Fleet fleet, Bound bound) throws Exception {
        Target target = fleet.select(Selection.DEFAULT_ONLY).get(0);
        try (TargetSession session = fleet.open(target, false)) {
            return Planner.up(session, bound, "upgrade");
        }
    }

    private static List<String> scripts(Plan plan) {
        return plan.steps().stream().map(s -> s.file().filename()).toList();
    }

    private static void upgrade(Fleet fleet) throws Exception {
        List<Target> targets = fleet.select(Selection.DEFAULT_ONLY);
        assertThat(fleet.upgrade(targets, fleet.runner(1, false), ApplyPolicy.PLAIN).get(0).failure()).isEmpty();
    }

    @Test
    void aFreshTargetPlansEveryFileInFlywayOrderWithoutValidating() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Plan plan = up(fleet(db), Bound.none());
            assertThat(plan.basis()).isEqualTo(Plan.Basis.FRESH);
            assertThat(scripts(plan)).containsExactlyElementsOf(SAMPLE);
            assertThat(plan.fromVersion()).isNull();
            assertThat(plan.toVersion()).isEqualTo("9");
            assertThat(plan.steps().get(9).versionAfter()).as("a repeatable keeps the version").isEqualTo("9");
        }
    }

    @Test
    void anUpToDateTargetIsConfirmedByOneHistoryQueryAndPlansNothing() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Fleet fleet = fleet(db);
            upgrade(fleet);
            Plan plan = up(fleet, Bound.none());
            assertThat(plan.basis()).isEqualTo(Plan.Basis.CONFIRMED_CURRENT);
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.fromVersion()).isEqualTo("9");
            assertThat(plan.toVersion()).isEqualTo("9");
        }
    }

    @Test
    void aCleanPrefixIsPlannedFromTheOneQueryAndABoundSelectsAPrefixKeepingRepeatablesForTheNewestSchema()
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Fleet fleet = fleet(db);
            upgrade(fleet);
            db.writeMigration("V11__b.sql", "CREATE TABLE b (id int);");
            db.writeMigration("V10__a.sql", "CREATE TABLE a (id int);");
            var r = db.migrations.resolve("R__account_billing_summary.sql");
            Files.writeString(r, Files.readString(r) + "\n-- changed\n");
            Plan all = up(fleet(db), Bound.none());
            assertThat(all.basis()).isEqualTo(Plan.Basis.CONFIRMED_PREFIX);
            assertThat(scripts(all)).containsExactly("V10__a.sql", "V11__b.sql", "R__account_billing_summary.sql");
            assertThat(all.fromVersion()).isEqualTo("9");
            assertThat(all.toVersion()).isEqualTo("11");
            assertThat(scripts(up(fleet(db), Bound.count(1)))).containsExactly("V10__a.sql");
            assertThat(scripts(up(fleet(db), Bound.target("10")))).containsExactly("V10__a.sql");
            assertThat(scripts(up(fleet(db), Bound.target("11"))))
                    .containsExactly("V10__a.sql", "V11__b.sql", "R__account_billing_summary.sql");
        }
    }

    @Test
    void aHistoryThatIsNotACleanPrefixOfTheFilesIsLeftToFlywaysValidation() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Fleet fleet = fleet(db);
            upgrade(fleet);
            db.writeMigration("V10__a.sql", "CREATE TABLE a (id int);");
            db.writeMigration("V8_5__late.sql", "CREATE TABLE late (id int);");
            assertThatThrownBy(() -> up(fleet(db), Bound.none())).isInstanceOf(FleetwayException.class)
                    .hasMessageContaining("V8_5__late.sql").extracting(e -> ((FleetwayException) e).exitCode())
                    .isEqualTo(ExitCode.VALIDATION_FAILED);

            Files.delete(db.migrations.resolve("V8_5__late.sql"));
            var v2 = db.migrations.resolve("V2__create_users.sql");
            Files.writeString(v2, Files.readString(v2) + "\n-- edited after it was applied\n");
            assertThatThrownBy(() -> up(fleet(db), Bound.none())).isInstanceOf(FleetwayException.class)
                    .hasMessageContaining("checksum").extracting(e -> ((FleetwayException) e).exitCode())
                    .isEqualTo(ExitCode.VALIDATION_FAILED);
        }
    }

    @Test
    void theDryRunShowsExactlyWhatTheRunThenApplies() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Fleet fleet = fleet(db);
            List<Target> targets = fleet.select(Selection.DEFAULT_ONLY);
            Outcome<MigrationPlan> dryRun = fleet.plan(targets, fleet.runner(1, false), Direction.UP, Bound.count(4))
                    .get(0);
            List<String> planned = dryRun.result().orElseThrow().steps().stream().map(PlannedStep::script).toList();
            Outcome<UpgradeResult> run = fleet.migrate(targets, fleet.runner(1, false), ApplyPolicy.PLAIN,
                    Bound.count(4), Rollout.NONE).outcomes().get(0);
            assertThat(planned).containsExactlyElementsOf(SAMPLE.subList(0, 4));
            assertThat(run.result().orElseThrow().applied()).isEqualTo(planned);
            assertThat(dryRun.result().get().steps().get(0).sql()).contains("CREATE TABLE");
        }
    }

    @Test
    void aDownPlanRevertsNewestFirstAndNamesTheRepeatableRowsItRemoves() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Fleet fleet = fleet(db);
            upgrade(fleet);
            Target target = fleet.select(Selection.DEFAULT_ONLY).get(0);
            try (TargetSession session = fleet.open(target, false)) {
                Plan down = Planner.down(session, Bound.count(2));
                assertThat(down.direction()).isEqualTo(Direction.DOWN);
                assertThat(scripts(down)).containsExactly("U9__add_project_status.sql",
                        "U8__add_updated_at_triggers.sql");
                assertThat(down.steps()).extracting(Plan.Step::script)
                        .containsExactly("V9__add_project_status.sql", "V8__add_updated_at_triggers.sql");
                assertThat(down.steps()).extracting(Plan.Step::versionAfter).containsExactly("8", "7");
                assertThat(down.steps().get(0).rerun()).containsExactly("R__account_billing_summary.sql");
                assertThat(down.steps().get(1).rerun()).isEmpty();
                assertThat(down.steps().get(0).statements()).isNotEmpty();
                assertThat(down.toVersion()).isEqualTo("7");
            }
        }
    }
}
