package dev.fleetway.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;
import dev.fleetway.tenant.Target;

/** How a selection is staged into phases and waves (no database: the waves are a pure function of the targets). */
class RolloutTest {
    private static Target tenant(String id, Map<String, String> labels) {
        return new Target(id, Target.Kind.TENANT, ConnectionString.parse("jdbc:postgresql://h/" + id), "public",
                Optional.of(new Credentials("u", "p")), Optional.empty(), Optional.empty(), labels, Map.of(),
                Optional.empty(), Optional.empty());
    }

    private static final Target DEFAULT = new Target("default", Target.Kind.DEFAULT,
            ConnectionString.parse("jdbc:postgresql://h/app"), "public", new Credentials("u", "p"), Optional.empty());

    /** default + t00..t29 (t00..t02 in region eu). */
    private static List<Target> fleet() {
        List<Target> targets = new ArrayList<>(List.of(DEFAULT));
        IntStream.range(0, 30).forEach(i -> targets.add(tenant(String.format("t%02d", i),
                i < 3 ? Map.of("region", "eu") : Map.of("region", "us"))));
        return targets;
    }

    private static List<String> shape(List<Rollout.Wave> waves) {
        return waves.stream().map(w -> w.name() + ":" + w.targets().size() + "/" + w.budget()).toList();
    }

    @Test
    void countsAndCumulativePercentagesOfTheRestRoundUpAndEveryWaveHasAtLeastOneTarget() {
        Rollout rollout = Rollout.of(Optional.empty(), Optional.empty(), Optional.of("5,10%,50%,100%"),
                Optional.empty(), Optional.empty(), false);
        // 30 tenants: 5; up to 10% = 3 (already passed) -> 1; up to 50% = 15 -> 9; up to 100% -> 15
        assertThat(shape(rollout.waves(fleet()))).containsExactly("default database:1/0", "wave 1:5/0", "wave 2:1/0",
                "wave 3:9/0", "wave 4:15/0");
    }

    @Test
    void theCanaryGoesFirstAndTheWavesShareWhatIsLeftWithTheirBudgetRoundedDown() {
        Rollout byLabel = Rollout.of(Optional.of("label:region=eu"), Optional.empty(), Optional.of("50%"),
                Optional.of("10%"), Optional.of(Duration.ofSeconds(1)), false);
        List<Rollout.Wave> waves = byLabel.waves(fleet());
        assertThat(shape(waves)).containsExactly("default database:1/0", "canary:3/0", "wave 1:14/1", "wave 2:13/1");
        assertThat(waves.get(1).targets()).extracting(Target::id).containsExactly("t00", "t01", "t02");

        Rollout byIds = Rollout.of(Optional.of("t07,t03"), Optional.empty(), Optional.empty(), Optional.of("2"),
                Optional.empty(), true);
        assertThat(shape(byIds.waves(fleet()))).as("tenants first").containsExactly("canary:2/2", "wave 1:28/2",
                "default database:1/0");
        Rollout byCount = Rollout.of(Optional.empty(), Optional.of(4), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
        assertThat(byCount.waves(fleet()).get(1).targets()).extracting(Target::id)
                .containsExactly("t00", "t01", "t02", "t03");
    }

    @Test
    void withoutStagingTheDefaultDatabaseGoesFirstAndTheTenantsFailAlone() {
        List<Rollout.Wave> waves = Rollout.NONE.waves(fleet());
        assertThat(waves).hasSize(2);
        assertThat(waves.get(0).budget()).isZero();
        assertThat(waves.get(1).targets()).hasSize(30);
        assertThat(waves.get(1).budget()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void optionsThatCannotBeReadAreUsageErrors() {
        assertThatThrownBy(() -> Rollout.of(Optional.empty(), Optional.empty(), Optional.of("5,abc"), Optional.empty(),
                Optional.empty(), false)).isInstanceOf(FleetwayException.class).hasMessageContaining("--waves 'abc'");
        assertThatThrownBy(() -> Rollout.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("150%"),
                Optional.empty(), false)).hasMessageContaining("--max-failures '150%'");
        assertThatThrownBy(() -> Rollout.of(Optional.of("t1"), Optional.of(2), Optional.empty(), Optional.empty(),
                Optional.empty(), false)).hasMessageContaining("exclude each other");
        Rollout unknown = Rollout.of(Optional.of("nobody"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
        assertThatThrownBy(() -> unknown.waves(fleet())).hasMessageContaining("--canary nobody is not among");
    }

    @Test
    void aConfiguredCanaryOutsideTheSelectionIsLeftOutNotRefused() {
        Rollout configured = Rollout.of(Optional.of("nobody,t03"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false).configuredCanary();
        assertThat(shape(configured.waves(fleet()))).containsExactly("default database:1/0", "canary:1/0",
                "wave 1:29/0");
        List<Target> oneTenant = List.of(DEFAULT, tenant("t10", Map.of()));
        assertThat(shape(configured.waves(oneTenant))).as("a run of one other tenant")
                .containsExactly("default database:1/0", "wave 1:1/0");
        assertThat(Rollout.NONE.waves(fleet())).extracting(Rollout.Wave::staged).containsOnly(false);
        assertThat(configured.waves(fleet())).extracting(Rollout.Wave::staged).containsOnly(true);
    }
}
