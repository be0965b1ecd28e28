package dev.fleetway.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How {@code tenants create} brought a new tenant to the newest version. */
@RegisterForReflection
public enum ProvisionMethod implements Label {
    /**
     * Cloned from the template database ({@code CREATE DATABASE … TEMPLATE}), its history verified, then granted:
     * with {@code fleetway.provision.template} for a database tenant whose migrations allow it.
     */
    TEMPLATE,
    /**
     * Every migration applied, as {@code upgrade} applies them: schema tenants, {@code fleetway.provision.template}
     * off, or migrations a copy would get wrong (the result's {@code note} says which).
     */
    MIGRATED;
}
