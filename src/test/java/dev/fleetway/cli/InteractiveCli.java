package dev.fleetway.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/**
 * Runs Fleetway in-process like {@link TestDatabase#fleetway}, with what a test must control: the answers
 * {@code --step} reads (and whether they come from a terminal), and the clock {@code new} names files by.
 */
final class InteractiveCli {
    private InteractiveCli() {
    }

    /** Runs with {@code answers} as the prompt's input, from a terminal when {@code terminal}. */
    static CliResult withAnswers(TestDatabase db, String answers, boolean terminal, String... args) {
        Prompt prompt = new Prompt(new ByteArrayInputStream(answers.getBytes(StandardCharsets.UTF_8)), terminal);
        return run(db, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == MigrateCommand.class) {
                    return type.cast(new MigrateCommand(prompt));
                }
                if (type == RevertCommand.class) {
                    return type.cast(new RevertCommand(prompt));
                }
                return CommandLine.defaultFactory().create(type);
            }
        }, args);
    }

    /** Runs with {@code clock} as {@code new}'s clock. */
    static CliResult withClock(TestDatabase db, Clock clock, String... args) {
        return run(db, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == NewCommand.class ? type.cast(new NewCommand(clock))
                        : CommandLine.defaultFactory().create(type);
            }
        }, args);
    }

    private static CliResult run(TestDatabase db, CommandLine.IFactory factory, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--migrations");
        all.add(db.migrations.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = FleetwayCli.configure(new CommandLine(new FleetwayCommand(db.env(), db.workDir), factory))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        return new CliResult(code, out.toString(), err.toString());
    }
}
