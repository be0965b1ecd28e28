package dev.fleetway.flyway;

import java.io.Reader;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
    private final List<MigrationFile> files;
    private final List<LoadableResource> resources;

    MigrationResources(MigrationSource source) {
        this.files = source.files();
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

    /**
     * A file, or the script configuration Flyway looks for beside it ({@code NAME.sql.conf}): the one written
     * beside the script, with {@code executeInTransaction=false} added for a script that declares
     * {@code -- fleetway:non-transactional}, which is how Flyway is told to run a script outside a transaction.
     */
    @Override
    public LoadableResource getResource(String name) {
        if (name.endsWith(".conf")) {
            String script = name.substring(0, name.length() - ".conf".length());
            return files.stream().filter(f -> f.relativePath().equals(script))
                    .filter(f -> f.nonTransactional() || f.conf().isPresent()).findFirst()
                    .map(f -> (LoadableResource) new FileResource(new MigrationFile(f.filename() + ".conf",
                            f.location(), name, f.kind(), f.version(), f.description(), conf(f), true,
                            Optional.empty())))
                    .orElse(null);
        }
        return resources.stream().filter(r -> r.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    /** The script configuration Flyway reads for {@code f}. */
    private static String conf(MigrationFile f) {
        String written = f.conf().orElse("");
        boolean says = written.lines().anyMatch(l -> l.replace(" ", "").toLowerCase(java.util.Locale.ROOT)
                .startsWith("executeintransaction="));
        return f.nonTransactional() && !says ? written + (written.isEmpty() || written.endsWith("\n") ? "" : "\n")
                + "executeInTransaction=false\n" : written;
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
