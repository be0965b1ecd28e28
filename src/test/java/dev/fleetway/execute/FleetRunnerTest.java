package dev.fleetway.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;
import dev.fleetway.tenant.Target;

/** The runner's own contract, with plain tasks (no database involved). */
class FleetRunnerTest {
    private static final List<Target> TARGETS = IntStream.range(0, 12).mapToObj(i -> new Target("t" + i,
            Target.Kind.TENANT, ConnectionString.parse("jdbc:postgresql://h/t" + i), "public",
            new Credentials("u", "p"), Optional.empty())).toList();

    @Test
    void resultsComeBackInTargetOrderAndNoMoreThanNRunAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Outcome<String>> outcomes = new FleetRunner(3, false, o -> { }).run(TARGETS, t -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20 + (11 - Integer.parseInt(t.id().substring(1))) * 3L);
            running.decrementAndGet();
            return t.id();
        });
        assertThat(outcomes).extracting(o -> o.result().orElseThrow()).containsExactlyElementsOf(
                TARGETS.stream().map(Target::id).toList());
        assertThat(peak.get()).isBetween(2, 3);
    }

    @Test
    void aFailureIsIsolatedAndTheMixedRunExits6() {
        List<Outcome<String>> outcomes = new FleetRunner(4, false, o -> { }).run(TARGETS, t -> {
            if (t.id().equals("t5")) {
                throw new FleetwayException(ExitCode.MIGRATION_FAILED, "boom");
            }
            return "ok";
        });
        assertThat(outcomes.stream().filter(Outcome::isFailure)).hasSize(1);
        assertThat(FleetRunner.exitCode(outcomes)).isEqualTo(ExitCode.PARTIAL);
    }

    @Test
    void failFastStartsNoNewTargetAfterAFailure() {
        List<Outcome<String>> outcomes = new FleetRunner(1, true, o -> { }).run(TARGETS, t -> {
            throw new FleetwayException(ExitCode.UNREACHABLE, "down");
        });
        assertThat(outcomes.get(0).isFailure()).isTrue();
        assertThat(outcomes.subList(1, outcomes.size())).allMatch(Outcome::isSkipped);
        assertThat(FleetRunner.exitCode(outcomes)).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void whenAllFailWithDifferentCodesTheRunExits1AndWithOneCodeThatCode() {
        List<Outcome<String>> mixed = List.of(
                Outcome.failed(TARGETS.get(0), new FleetwayException(ExitCode.LOCK_TIMEOUT, "a")),
                Outcome.failed(TARGETS.get(1), new FleetwayException(ExitCode.VALIDATION_FAILED, "b")));
        assertThat(FleetRunner.exitCode(mixed)).isEqualTo(ExitCode.MIGRATION_FAILED);
        assertThat(FleetRunner.exitCode(mixed.subList(0, 1))).isEqualTo(ExitCode.LOCK_TIMEOUT);
        assertThat(FleetRunner.exitCode(List.of(Outcome.ok(TARGETS.get(0), "x")))).isEqualTo(ExitCode.OK);
    }

    @Test
    void anUnexpectedExceptionBecomesThatTargetsFailure() {
        List<Outcome<String>> outcomes = new FleetRunner(2, false, o -> { }).run(TARGETS.subList(0, 2), t -> {
            throw new IllegalStateException("surprise");
        });
        assertThat(outcomes).allMatch(Outcome::isFailure);
        assertThat(outcomes.get(0).failure().orElseThrow().getMessage()).contains("tenant 't0'", "surprise");
    }
}
