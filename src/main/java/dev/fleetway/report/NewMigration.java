package dev.fleetway.report;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code new} wrote.
 *
 * @param version the new version, a UTC timestamp {@code yyyyMMddHHmmss}
 * @param files the paths written: the {@code V} file, then its {@code U} twin unless {@code --no-undo}
 */
@RegisterForReflection
public record NewMigration(String version, List<String> files) {
    public NewMigration {
        files = List.copyOf(files);
    }
}
