package dev.fleetway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.NewMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway new DESCRIPTION}: scaffolds a migration and its down script. Touches no database. */
@Command(name = "new", header = "Write a new migration and its down script.", mixinStandardHelpOptions = true,
        description = "Write V<yyyyMMddHHmmss>__<description>.sql and its U twin (the down script 'revert' "
                + "runs) into the migrations directory: --migrations DIR, else fleetway.locations when it is a "
                + "filesystem: location, else ./migrations. The version is the current UTC time. Never overwrites. "
                + "Touches no database.")
public class NewCommand implements Callable<Integer> {
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DESCRIPTION",
            description = "What the migration does, e.g. \"add invoices\" (becomes add_invoices).")
    List<String> words;

    @Option(names = "--no-undo", description = "Write only the V file, without its U down script.")
    boolean noUndo;

    private final Clock clock;

    /** Used by Quarkus: the system clock. */
    public NewCommand() {
        this(Clock.systemUTC());
    }

    /** Used by tests: a fixed clock. */
    NewCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        String description = String.join(" ", words).strip();
        String slug = slug(description);
        Context ctx = top.context(spec, Map.of());
        Path dir = directory(ctx.config().locations(), top.workingDir());
        String version = VERSION.format(clock.instant());
        Path up = dir.resolve("V" + version + "__" + slug + ".sql");
        Path down = dir.resolve("U" + version + "__" + slug + ".sql");
        refuseClash(dir, version);
        String created = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        List<String> written = new ArrayList<>();
        write(up, "-- V" + version + ": " + description + "\n-- Created " + created + " by 'fleetway new'. Runs once, in"
                + " version order, in one transaction; do not edit it once applied.\n"
                + (noUndo ? "" : "-- Its down script is " + down.getFileName() + " ('fleetway revert').\n") + "\n");
        written.add(display(up));
        if (!noUndo) {
            write(down, "-- U" + version + ": undoes V" + version + " (" + description + ").\n-- Run by 'fleetway"
                    + " revert', newest version first, in one transaction with the removal of its history row.\n\n");
            written.add(display(down));
        }
        if (ctx.json()) {
            ctx.json(Envelope.ofResult(ctx.command(), ExitCode.OK.code(), new NewMigration(version, written)));
        } else {
            written.forEach(path -> ctx.out().println("created " + path));
            ctx.out().flush();
        }
        return ExitCode.OK.code();
    }

    /** Lower-case words joined by {@code _}; anything but ASCII letters and digits separates words. */
    static String slug(String description) {
        String slug = Arrays.stream(description.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.joining("_"));
        if (slug.isEmpty()) {
            throw FleetwayException.usage("the description '" + description + "' has no letters or digits — describe"
                    + " the change, e.g. fleetway new \"add invoices\"");
        }
        return slug;
    }

    /** The first {@code filesystem:} (or bare path) location, else {@code ./migrations}. */
    static Path directory(List<String> locations, Path workingDir) {
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                return workingDir.resolve(location.substring("filesystem:".length()));
            }
            if (!location.contains(":")) {
                return workingDir.resolve(location);
            }
        }
        return workingDir.resolve("migrations");
    }

    private void refuseClash(Path dir, String version) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> clash = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("V" + version + "__") || n.startsWith("U" + version + "__")).sorted()
                    .toList();
            if (!clash.isEmpty()) {
                throw FleetwayException.usage(dir.resolve(clash.get(0)) + " already exists with version " + version
                        + "; nothing was written — wait a second and run 'fleetway new' again");
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw FleetwayException.usage(file + " already exists; nothing was overwritten — wait a second and run"
                    + " 'fleetway new' again");
        }
    }

    /** The path as the operator reads it: relative to the working directory when below it. */
    private String display(Path file) {
        Path wd = top.workingDir().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(wd) ? wd.relativize(abs) : abs).toString();
    }
}
