package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Which way a plan goes. */
@RegisterForReflection
public enum Direction implements Label {
    /** {@code V} and {@code R} scripts are applied ({@code upgrade}, {@code migrate}). */
    UP,
    /** {@code U} down scripts revert applied versions, newest first ({@code revert}). */
    DOWN;
}
