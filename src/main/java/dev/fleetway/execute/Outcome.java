package dev.fleetway.execute;

import java.util.Optional;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.tenant.Target;

/**
 * What happened on one target of a fleet run: a result, or the failure that stopped it, or neither when it was
 * skipped (then {@code skipped} says why: {@code --fail-fast}, a rollout wave over its failure budget…).
 */
public record Outcome<R>(Target target, Optional<R> result, Optional<FleetwayException> failure,
        Optional<String> skipped) {

    public Outcome(Target target, Optional<R> result, Optional<FleetwayException> failure) {
        this(target, result, failure, Optional.empty());
    }

    public static <R> Outcome<R> ok(Target target, R result) {
        return new Outcome<>(target, Optional.of(result), Optional.empty());
    }

    public static <R> Outcome<R> failed(Target target, FleetwayException failure) {
        return new Outcome<>(target, Optional.empty(), Optional.of(failure));
    }

    /** @param why why the target was not started, e.g. {@code an earlier target failed (--fail-fast)} */
    public static <R> Outcome<R> skipped(Target target, String why) {
        return new Outcome<>(target, Optional.empty(), Optional.empty(), Optional.of(why));
    }

    public boolean isFailure() {
        return failure.isPresent();
    }

    public boolean isSkipped() {
        return result.isEmpty() && failure.isEmpty();
    }

    public ExitCode exitCode() {
        return failure.map(FleetwayException::exitCode).orElse(ExitCode.OK);
    }

    /** The same outcome with its result transformed. */
    public <T> Outcome<T> map(java.util.function.Function<R, T> f) {
        return new Outcome<>(target, result.map(f), failure, skipped);
    }
}
