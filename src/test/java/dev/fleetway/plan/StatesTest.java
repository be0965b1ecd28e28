package dev.fleetway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import dev.fleetway.report.ChecksumState;
import dev.fleetway.report.MigrationRow;
import dev.fleetway.report.MigrationType;
import dev.fleetway.report.SourceState;
import dev.fleetway.report.TargetState;
import dev.fleetway.report.TargetStatus;

/** How Flyway's states fold into Fleetway's, and a target's audit state from its migrations. */
class StatesTest {

    @Test
    void everyFlywayStateMapsToTheStateAnOperatorActsOn() {
        Map<MigrationState, dev.fleetway.report.MigrationState> expected = new EnumMap<>(MigrationState.class);
        for (MigrationState s : List.of(MigrationState.FAILED, MigrationState.MISSING_FAILED,
                MigrationState.FUTURE_FAILED)) {
            expected.put(s, dev.fleetway.report.MigrationState.FAILED);
        }
        for (MigrationState s : List.of(MigrationState.PENDING, MigrationState.ABOVE_TARGET, MigrationState.OUTDATED,
                MigrationState.AVAILABLE, MigrationState.UNDONE)) {
            expected.put(s, dev.fleetway.report.MigrationState.PENDING);
        }
        expected.put(MigrationState.OUT_OF_ORDER, dev.fleetway.report.MigrationState.OUT_OF_ORDER);
        expected.put(MigrationState.IGNORED, dev.fleetway.report.MigrationState.IGNORED);
        expected.put(MigrationState.BELOW_BASELINE, dev.fleetway.report.MigrationState.BELOW_BASELINE);
        expected.put(MigrationState.BASELINE_IGNORED, dev.fleetway.report.MigrationState.BELOW_BASELINE);
        for (MigrationState s : MigrationState.values()) {
            assertThat(StatusPlanner.database(s)).as(s.name())
                    .isEqualTo(expected.getOrDefault(s, dev.fleetway.report.MigrationState.APPLIED));
        }
    }

    @Test
    void labelsAreTheStableWordsOfTheJsonAndTables() {
        assertThat(dev.fleetway.report.MigrationState.OUT_OF_ORDER.label()).isEqualTo("out-of-order");
        assertThat(dev.fleetway.report.MigrationState.BELOW_BASELINE.label()).isEqualTo("below-baseline");
        assertThat(TargetState.NEEDS_UPGRADE.label()).isEqualTo("needs-upgrade");
        assertThat(SourceState.MISSING.label()).isEqualTo("missing");
        assertThat(ChecksumState.MISMATCH.label()).isEqualTo("mismatch");
        assertThat(MigrationType.REPEATABLE.label()).isEqualTo("repeatable");
    }

    private static MigrationRow row(String version, dev.fleetway.report.MigrationState state, SourceState source,
            ChecksumState checksum) {
        return new MigrationRow(version, "d", MigrationType.VERSIONED, "V" + version + "__d.sql", source, state, null,
                checksum, null);
    }

    private static TargetStatus status(MigrationRow... rows) {
        return new TargetStatus("t", "tenant", "db", "public", "1", List.of(rows));
    }

    @Test
    void aTargetsAuditStateIsItsMostUrgentCondition() {
        MigrationRow applied = row("1", dev.fleetway.report.MigrationState.APPLIED, SourceState.PRESENT,
                ChecksumState.OK);
        MigrationRow pending = row("2", dev.fleetway.report.MigrationState.PENDING, SourceState.PRESENT, null);
        MigrationRow failed = row("3", dev.fleetway.report.MigrationState.FAILED, SourceState.PRESENT, null);
        MigrationRow edited = row("1", dev.fleetway.report.MigrationState.APPLIED, SourceState.PRESENT,
                ChecksumState.MISMATCH);
        assertThat(Auditor.state(status(applied))).isEqualTo(TargetState.CURRENT);
        assertThat(Auditor.state(status(applied, pending))).isEqualTo(TargetState.NEEDS_UPGRADE);
        assertThat(Auditor.state(status(edited, pending))).isEqualTo(TargetState.DRIFTED);
        assertThat(Auditor.state(status(edited, pending, failed))).isEqualTo(TargetState.FAILED);
    }
}
