package dev.fleetway.docs;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.fleetway.cli.FleetwayCli;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders {@code docs/commands.md} from the picocli model alone: the top command (its description, synopsis,
 * list of commands, global options and exit codes), then every subcommand in the order it is registered (its
 * header, aliases, synopsis, description, parameters and own options). Nothing on the page is written by hand
 * but the few sentences of {@link #INTRO}, so the page says what {@code fleetway --help} says.
 */
final class CommandsPage {
    /** The width synopses are wrapped at: fixed, so the page does not depend on the terminal it is made on. */
    private static final int WIDTH = 100;

    private static final String INTRO = """
            # Commands

            > Generated from the picocli command model (the `@Command`, `@Option` and `@Parameters` annotations
            > under `src/main/java/dev/fleetway/cli/`) by `src/test/java/dev/fleetway/docs/`; do not edit it by
            > hand. `ReferencePagesTest` fails when this page is out of date; regenerate it with
            > `./mvnw test -Dtest=ReferencePagesTest -Dfleetway.docs.write=true`. Examples of each task, with
            > sample output, are in [guide.md](guide.md).

            `fleetway` stands for `java -jar target/quarkus-app/quarkus-run.jar` (or the container image's entry
            point). `fleetway COMMAND --help` prints what a command's section below says. Results go to standard
            output; errors (one line, `error: what, where — how to fix`) and logs go to standard error. The
            [global options](#global-options) may be written before or after the command:
            `fleetway -v status` and `fleetway status -v` are the same.
            """;

    private CommandsPage() {
    }

    /** The page. Deterministic: the same model gives the same text on any machine. */
    static String render() {
        CommandLine top = FleetwayCli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                Map.of(), Path.of("."));
        top.getCommandSpec().usageMessage().width(WIDTH);
        List<CommandLine> commands = subcommands(top);
        StringBuilder md = new StringBuilder(INTRO);
        md.append("\n[").append(name(top)).append("](#").append(anchor(top)).append(')');
        commands.forEach(c -> md.append(" · [").append(name(c)).append("](#").append(anchor(c)).append(')'));
        md.append(" · [global options](#global-options)\n");
        topCommand(md, top, commands);
        commands.forEach(c -> command(md, c));
        return md.toString();
    }

    /**
     * The subcommands in registration order, each once (picocli lists a command again under every alias), each
     * followed by its own subcommands ({@code tenants}, then {@code tenants create}).
     */
    static List<CommandLine> subcommands(CommandLine top) {
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CommandLine> all = new ArrayList<>();
        top.getSubcommands().values().stream().filter(seen::add).forEach(c -> {
            all.add(c);
            all.addAll(subcommands(c));
        });
        return all;
    }

    private static void topCommand(StringBuilder md, CommandLine top, List<CommandLine> commands) {
        CommandSpec spec = top.getCommandSpec();
        md.append("\n## ").append(name(top)).append("\n\n");
        Markdown.paragraphs(spec.usageMessage().description()).forEach(p -> md.append(p).append("\n\n"));
        md.append("```text\n").append(top.getHelp().synopsis(0).stripTrailing()).append("\n```\n");

        md.append("\n### Commands\n\n").append(Markdown.header("command", "aliases", "does")).append('\n');
        for (CommandLine c : commands) {
            List<String> aliases = List.of(c.getCommandSpec().aliases());
            md.append(Markdown.row(List.of("[" + Markdown.code(name(c)) + "](#" + anchor(c) + ")",
                    String.join(", ", aliases.stream().map(Markdown::code).toList()),
                    Markdown.prose(header(c))))).append('\n');
        }

        md.append("\n### Global options\n\n");
        md.append("Options of `fleetway` itself, inherited by every command. Every command also takes `-h`/`--help` and"
                + " `-V`/`--version` unless its section says otherwise.\n\n");
        options(md, spec.options().stream().filter(o -> !o.hidden()).toList());
        footer(md, spec.usageMessage().footer());
    }

    private static void command(StringBuilder md, CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        md.append("\n## ").append(name(cmd)).append("\n\n").append(Markdown.prose(header(cmd))).append("\n\n");
        if (spec.aliases().length > 0) {
            md.append("Aliases: ").append(String.join(", ", List.of(spec.aliases()).stream().map(Markdown::code)
                    .toList())).append(".\n\n");
        }
        md.append("```text\n").append(synopsis(spec)).append("\n```\n\n");
        Markdown.paragraphs(spec.usageMessage().description()).forEach(p -> md.append(p).append("\n\n"));
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!parameters.isEmpty()) {
            md.append(Markdown.header("parameter", "description")).append('\n');
            for (PositionalParamSpec p : parameters) {
                md.append(Markdown.row(List.of(Markdown.code(label(p)), description(p)))).append('\n');
            }
            md.append('\n');
        }
        List<OptionSpec> own = spec.options().stream()
                .filter(o -> !o.inherited() && !o.hidden() && !o.usageHelp() && !o.versionHelp()).toList();
        if (!own.isEmpty()) {
            options(md, own);
            md.append('\n');
        }
        boolean help = spec.options().stream().anyMatch(OptionSpec::usageHelp);
        md.append(help ? "And the [global options](#global-options).\n"
                : "And the [global options](#global-options), but **no `-h`/`--help`**: this command does not take"
                        + " picocli's standard help options.\n");
    }

    /** A table of options, sorted as {@code --help} sorts them. */
    private static void options(StringBuilder md, List<OptionSpec> options) {
        List<OptionSpec> sorted = new ArrayList<>(options);
        sorted.sort(CommandLine.Help.createShortOptionNameComparator());
        md.append(Markdown.header("option", "value", "description")).append('\n');
        for (OptionSpec o : sorted) {
            String names = String.join(", ", List.of(o.names()).stream().map(Markdown::code).toList());
            String value = o.arity().max() == 0 ? "" : Markdown.code(o.paramLabel());
            md.append(Markdown.row(List.of(names, value, description(o)))).append('\n');
        }
    }

    /** The footer: a line such as {@code Exit codes:} becomes a heading, the lines under it a block. */
    private static void footer(StringBuilder md, String[] footer) {
        List<String> block = new ArrayList<>();
        for (String line : footer) {
            if (!line.isBlank() && !line.startsWith(" ") && line.endsWith(":")) {
                flushFooter(md, block);
                md.append("\n### ").append(line, 0, line.length() - 1).append("\n\n");
            } else if (!line.isBlank()) {
                block.add(line.stripTrailing());
            }
        }
        flushFooter(md, block);
    }

    private static void flushFooter(StringBuilder md, List<String> block) {
        if (!block.isEmpty()) {
            md.append("```text\n").append(String.join("\n", block).stripIndent()).append("\n```\n");
            block.clear();
        }
    }

    /** The command's own synopsis, without the global options (they have their own section). */
    private static String synopsis(CommandSpec spec) {
        CommandSpec own = CommandSpec.create().name(spec.qualifiedName());
        own.usageMessage().width(WIDTH);
        spec.options().stream().filter(o -> !o.inherited() && !o.hidden() && !o.versionHelp())
                .forEach(o -> own.addOption(OptionSpec.builder(o).build()));
        spec.positionalParameters().stream().filter(p -> !p.hidden())
                .forEach(p -> own.addPositional(PositionalParamSpec.builder(p).build()));
        String synopsis = new CommandLine(own).getHelp().synopsis(0).stripTrailing();
        return spec.subcommands().isEmpty() ? synopsis : synopsis + " [COMMAND]";
    }

    private static String label(PositionalParamSpec p) {
        String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
        return p.arity().min() == 0 ? "[" + label + "]" : label;
    }

    private static String description(ArgSpec arg) {
        return Markdown.prose(String.join(" ", arg.renderedDescription()).strip());
    }

    /** The one-line header; a command without one fails the page, as it would show blank in {@code --help}. */
    static String header(CommandLine cmd) {
        String[] header = cmd.getCommandSpec().usageMessage().header();
        if (header.length != 1 || header[0].isBlank()) {
            throw new IllegalStateException("command '" + name(cmd) + "' has no one-line header — add @Command(header ="
                    + " \"…\") to its class in src/main/java/dev/fleetway/cli/");
        }
        return header[0];
    }

    /** The command's path below {@code fleetway}: {@code status}, {@code tenants create}. */
    private static String name(CommandLine cmd) {
        String qualified = cmd.getCommandSpec().qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }

    /** The heading's anchor, as GitHub makes it: {@code tenants-create}. */
    private static String anchor(CommandLine cmd) {
        return name(cmd).replace(' ', '-');
    }
}
