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
 * Hands Flyway the scripts Fleetway already read, so Flyway never scans the classpath or the file system
 * itself (which a native image cannot do portably) and a fleet run reads each file once. Down scripts
 * are Fleetway's, not Flyway's: they are never shown to Flyway.
 * <p>
 * Flyway reads a migration's version and description from its resource's file name, and records the resource's
 * path in the history's {@code script} column. So each script is shown under a Flyway name ({@link #flywayName}:
 * its own file name in the {@code flyway} layout, {@code V<version>__<description>.sql} in the others) with
 * {@link MigrationFile#script()} as its path: the history names the real file, and every match of history rows to
 * scripts uses that one name.
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

    /** One script as a Flyway resource. */
    static LoadableResource resource(MigrationFile file) {
        return new FileResource(file);
    }

    /**
     * The file name Flyway parses a script's kind, version and description from: the script's own in the
     * {@code flyway} layout, else {@code V<version>__<description>.sql} (or {@code U…} for a down script), which
     * Flyway reads back as the same version and description.
     */
    static String flywayName(MigrationFile file) {
        boolean ownNameFits = MigrationFile.parse(file.filename(), "", "").filter(f -> f.kind() == file.kind())
                .filter(f -> f.version().equals(file.version())).isPresent();
        if (ownNameFits || file.kind() == MigrationFile.Kind.CALLBACK || file.kind() == MigrationFile.Kind.REPEATABLE) {
            return file.filename();
        }
        String prefix = file.kind() == MigrationFile.Kind.UNDO ? "U" : "V";
        return prefix + file.version().orElseThrow() + "__" + file.description().replace(' ', '_') + ".sql";
    }

    /** Whether {@code script} names a down script of these files. */
    boolean isDownScript(String script) {
        return files.stream().anyMatch(f -> f.kind() == MigrationFile.Kind.UNDO && f.script().equals(script));
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
            return files.stream().filter(f -> f.kind() != MigrationFile.Kind.UNDO && f.script().equals(script))
                    .filter(f -> f.nonTransactional() || f.conf().isPresent()).findFirst()
                    .map(f -> (LoadableResource) new FileResource(new MigrationFile(f.filename() + ".conf",
                            f.location(), f.relativePath() + ".conf", name, f.kind(), f.version(), f.description(),
                            conf(f), true, Optional.empty()), flywayName(f) + ".conf"))
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
        private final String flywayName;

        FileResource(MigrationFile file) {
            this(file, flywayName(file));
        }

        FileResource(MigrationFile file, String flywayName) {
            this.file = file;
            this.flywayName = flywayName;
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

        /** What Flyway parses the version and description from. */
        @Override
        public String getFilename() {
            return flywayName;
        }

        /** What Flyway records as the script. */
        @Override
        public String getRelativePath() {
            return file.script();
        }
    }
}
