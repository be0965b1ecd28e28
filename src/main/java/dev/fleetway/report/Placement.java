package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Where a tenant lives, as {@code tenants create} makes it and {@code tenants drop} removes it. */
@RegisterForReflection
public enum Placement implements Label {
    /** A database of its own: created (or cloned from a template) and dropped whole. */
    DATABASE,
    /** A schema of a shared database (the default database, or {@code tenant-defaults.url}'s): created and dropped. */
    SCHEMA;
}
