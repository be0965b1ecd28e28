package dev.fleetway.cli;

import java.util.concurrent.Callable;

import dev.fleetway.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleetway completion}: prints the bash completion script of the whole command line. */
@Command(name = "completion", header = "Print the bash completion script (zsh: load it with bashcompinit).",
        mixinStandardHelpOptions = true,
        description = { "Print a bash completion script for fleetway, its commands and options. Install it with",
                "  source <(fleetway completion)          (for this shell)",
                "  fleetway completion > /etc/bash_completion.d/fleetway",
                "zsh loads it through bashcompinit: autoload -U +X bashcompinit && bashcompinit, then source it." })
public class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("fleetway", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
