package dev.fleetway.flyway;

import java.io.Reader;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;

/**
 * Hands Flyway the files Fleetway already read, so Flyway never scans the classpath or the file system
 * itself (which a native image cannot do portably) and a fleet run reads each file once. Down scripts
 * ({@code U…}) are Fleetway's, not Flyway's: they are never shown to Flyway.
 */
final class MigrationResources implements ResourceProvider {
    private final List<LoadableResource> resources;

    MigrationResources(MigrationSource source) {
        this.resources = source.files().stream()
                .filter(f -> f.kind() != MigrationFile.Kind.UNDO)
                .map(FileResource::new)
                .map(LoadableResource.class::cast)
                .toList();
    }

    /** One file as a Flyway resource. */
    static LoadableResource resource(MigrationFile file) {
        return new FileResource(file);
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(r -> r.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix))
                .filter(r -> List.of(suffixes).stream().anyMatch(s -> r.getFilename().endsWith(s)))
                .toList();
    }

    private static final class FileResource extends LoadableResource {
        private final MigrationFile file;

        FileResource(MigrationFile file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            return new StringReader(file.content());
        }

        @Override
        public String getAbsolutePath() {
            return file.path();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return file.path();
        }

        @Override
        public String getFilename() {
            return file.filename();
        }

        @Override
        public String getRelativePath() {
            return file.relativePath();
        }
    }
}
