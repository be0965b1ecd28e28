package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How one versioned migration fared in {@code verify}: its entry's {@code state}. */
@RegisterForReflection
public enum VerifyState implements Label {
    /** Its down script restores the schema as it was before it, and it applies again to the same schema. */
    OK,
    /** One or more of {@link VerifyProblem.Kind}: its {@code problems} say which, with the objects that differ. */
    FAILED,
    /** It has no down script ({@code U<version>__…sql}), so it cannot be reverted; not checked. */
    NO_DOWN_SCRIPT,
    /** Not reached: an earlier migration failed to apply, and nothing after it can be checked. */
    NOT_RUN;
}
