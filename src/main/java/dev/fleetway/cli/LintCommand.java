package dev.fleetway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.LayoutSettings;
import dev.fleetway.execute.Outcome;
import dev.fleetway.lint.LintReport;
import dev.fleetway.lint.LintText;
import dev.fleetway.lint.Linter;
import dev.fleetway.plan.Bound;
import dev.fleetway.report.Direction;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.MigrationPlan;
import dev.fleetway.report.PlannedStep;
import dev.fleetway.source.LayoutChoice;
import dev.fleetway.source.Layouts;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.SourceFile;
import dev.fleetway.tenant.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fleetway lint}: static checks of migrations for locking and blue-green hazards. */
@Command(name = "lint", header = "Check migrations for locking and blue-green hazards.", mixinStandardHelpOptions = true,
        description = { "Check migrations for locking and blue-green hazards (drops, renames, type changes, NOT NULL",
                "without default, indexes without CONCURRENTLY, constraints without NOT VALID, VACUUM FULL, …).",
                "Default: the default database's pending migrations; --all-files: every file; or the FILEs given.",
                "Exit 0 when clean, 4 on an error-level finding. Suppress one statement's finding with a comment",
                "'-- fleetway:allow RULE reason' above it." })
public class LintCommand implements Callable<Integer> {
    @ParentCommand
    FleetwayCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "SQL files to check.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--all-files", description = "Every migration file of the configured locations, applied or not.")
    boolean allFiles;

    @Override
    public Integer call() throws Exception {
        Context ctx = top.context(spec, Map.of());
        List<MigrationFile> chosen = !files.isEmpty() ? read(files, LayoutSettings.of(ctx.config()))
                : allFiles ? ctx.fleet().flyways().source().files()
                : pending(ctx);
        LintReport report = new Linter(!ctx.config().lockTimeout().isZero()).lint(chosen);
        int code = report.errors() > 0 ? ExitCode.VALIDATION_FAILED.code() : ExitCode.OK.code();
        if (ctx.json()) {
            ctx.json(Envelope.ofResult(ctx.command(), code, report));
            return code;
        } else {
            ctx.out().println(chosen.size() + " file(s) checked");
            LintText.render(report.findings()).forEach(ctx.out()::println);
        }
        ctx.out().flush();
        return code;
    }

    /** The default database's pending migrations: the files its up plan would run. */
    private static List<MigrationFile> pending(Context ctx) throws Exception {
        Target target = ctx.targets().defaultTarget();
        Outcome<MigrationPlan> plan = ctx.fleet().plan(List.of(target), ctx.runner(1, false), Direction.UP,
                Bound.none()).get(0);
        Set<String> scripts = plan.result().orElseThrow(() -> plan.failure().orElseThrow()).steps().stream()
                .map(PlannedStep::script).collect(Collectors.toSet());
        return ctx.fleet().flyways(target).source().files().stream().filter(f -> f.kind().isMigration()
                && scripts.contains(f.script())).toList();
    }

    /** The given files, each read with the configured layout (or the one it fits on its own). */
    private static List<MigrationFile> read(List<Path> paths, LayoutChoice layout) {
        List<MigrationFile> read = new ArrayList<>();
        for (Path path : paths) {
            String content;
            try {
                content = Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw FleetwayException.usage("lint: " + path + ": no such file");
            } catch (IOException e) {
                throw FleetwayException.usage("lint: " + path + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
            String name = path.getFileName().toString();
            String location = "filesystem:" + Optional.ofNullable(path.getParent()).map(Path::toString).orElse(".");
            read.addAll(Layouts.scriptsOf(layout, new SourceFile(name, location, content)));
        }
        return read;
    }
}
