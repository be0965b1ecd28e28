package dev.fleetway.report;

/** Output formats of commands that print results. */
public enum Format {
    TABLE, JSON
}
