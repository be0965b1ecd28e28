package dev.fleetway.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a tool names and splits its migration files: turns the {@code .sql} files of the locations into migration
 * scripts (up, down, and for {@code flyway} also repeatable scripts and callbacks). One implementation per tool
 * ({@link FlywayLayout}, {@link GolangMigrateLayout}, {@link SqlxLayout}, {@link DbmateLayout},
 * {@link HasuraLayout}) and a configured one ({@link CustomLayout}); {@link Layouts} picks one, by name or from
 * the files ({@code auto}). Everything above {@code source/} sees only the scripts, never these naming rules.
 * Implementations are immutable.
 */
public interface Layout {

    /** Its name, as {@code --layout} and {@code fleetway.layout} spell it, e.g. {@code golang-migrate}. */
    String name();

    /**
     * Reads the files of the locations.
     *
     * @param files every {@code .sql} file (and {@code .sql.conf} file) found, in path order
     * @return the scripts read, and the files this layout does not recognise (the source refuses those, unless
     *         they are ignored)
     * @throws dev.fleetway.FleetwayException (exit 4) for a file this layout recognises by its name but cannot
     *         read, e.g. a {@code dbmate} file without a {@code -- migrate:up} line; the message names the file
     */
    Reading read(List<SourceFile> files);

    /** The form of the names it recognises, for messages, e.g. {@code {version}_{title}.up.sql}. */
    String expectedForm();

    /**
     * How a script of this layout says it runs outside a transaction, for messages, e.g.
     * {@code '-- fleetway:non-transactional'}.
     */
    String declareOutside();

    /**
     * How the down script of an up script would be written, for the message that asks for one, e.g.
     * {@code 3_add_index.down.sql} or {@code a '-- migrate:down' section in 3_add_index.sql}.
     */
    String downScriptFor(MigrationFile up);

    /**
     * The files of a new migration, as {@code fleetway new} writes them in this layout.
     *
     * @param version the version, from {@link #nextVersion}
     * @param slug the name in file-name form, e.g. {@code add_invoices}
     * @param description the description as typed, for the comment at the top
     * @param created when it is written, for the comment at the top
     * @param withDown whether to write the down script too
     * @throws dev.fleetway.FleetwayException (exit 2) when this layout cannot write one (a custom layout given as
     *         a regular expression)
     */
    List<NewFile> scaffold(String version, String slug, String description, Instant created, boolean withDown);

    /**
     * The version of a new migration: by default the folder's own numbering, so a folder numbered
     * {@code 000001, 000002…} gets {@code 000003}, any other (or empty) folder the UTC time as
     * {@code yyyyMMddHHmmss}.
     *
     * @param existing the versions of the up scripts already there, as their files write them
     */
    default String nextVersion(Instant now, List<String> existing) {
        return NewVersions.sequentialOrTimestamp(now, existing);
    }

    /**
     * What a layout read.
     *
     * @param scripts the scripts, in no particular order
     * @param unrecognised files it does not recognise, in the order given
     */
    record Reading(List<MigrationFile> scripts, List<SourceFile> unrecognised) {
        public Reading {
            scripts = List.copyOf(scripts);
            unrecognised = List.copyOf(unrecognised);
        }

        /**
         * What a layout that reads each file on its own reads: {@code read} gives a file's scripts (none for a
         * file it recognises but skips), or empty when it does not recognise the file.
         */
        static Reading eachFile(List<SourceFile> files, Function<SourceFile, Optional<List<MigrationFile>>> read) {
            List<MigrationFile> scripts = new ArrayList<>();
            List<SourceFile> unrecognised = new ArrayList<>();
            for (SourceFile f : files) {
                read.apply(f).ifPresentOrElse(scripts::addAll, () -> unrecognised.add(f));
            }
            return new Reading(scripts, unrecognised);
        }
    }

    /**
     * A file {@code new} writes.
     *
     * @param relativePath its path below the migrations directory, e.g. {@code 20240101120000_add_x/up.sql}
     */
    record NewFile(String relativePath, String content) {
    }
}
