package dev.fleetway.flyway;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;

/**
 * The run's migration files as Flyway sees them for a bounded apply: every versioned file, but of the
 * repeatable files only the chosen ones. Flyway applies every pending repeatable after any migrate, even one
 * with a target, and a repeatable is written against the newest schema (the sample's reporting view needs
 * V5), so a bounded apply hides the repeatables it is not meant to run.
 */
final class SelectedResources implements ResourceProvider {
    private final ResourceProvider all;
    private final Set<String> hidden;

    /** @param repeatables the scripts ({@link MigrationFile#script()}) of the repeatable migrations to keep visible */
    SelectedResources(MigrationSource source, Set<String> repeatables) {
        this.all = new MigrationResources(source);
        this.hidden = source.files().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE && !repeatables.contains(f.script()))
                .map(MigrationFile::script)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public LoadableResource getResource(String name) {
        return hidden.contains(name) ? null : all.getResource(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return all.getResources(prefix, suffixes).stream().filter(r -> !hidden.contains(r.getRelativePath())).toList();
    }
}
