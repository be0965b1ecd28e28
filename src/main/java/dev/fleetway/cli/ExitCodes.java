package dev.fleetway.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.SqlState;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.Format;
import dev.fleetway.report.Json;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where outcomes become exit codes and errors become the single line an operator reads:
 * {@code error: <what>, <where> — <how to fix>}. Stack traces only with {@code --verbose}; passwords are
 * masked in every message.
 */
final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = describe(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
        err.println("error: " + message);
        err.flush();
        if (jsonRequested(args)) {
            Json.write(cmd.getOut(), Envelope.ofError(FleetwayCommand.name(cmd.getCommandSpec()), ExitCode.USAGE.code(), message));
        }
        return ExitCode.USAGE.code();
    }

    /** Whether the (unparsed) arguments ask for JSON: {@code --format json} or {@code --format=json}. */
    private static boolean jsonRequested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equalsIgnoreCase("--format=json")
                    || args[i].equals("--format") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json")) {
                return true;
            }
        }
        return false;
    }

    /** The parse error in one line: an unknown command is named with the closest ones. */
    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption() == false
                && !unmatched.getUnmatched().isEmpty() && ex.getCommandLine().getParent() == null
                && !ex.getCommandLine().getSubcommands().isEmpty()) {
            String word = unmatched.getUnmatched().get(0);
            List<String> close = unmatched.getSuggestions();
            return "unknown command '" + ConnectionString.mask(word) + "'"
                    + (close.isEmpty() ? "" : " — did you mean " + close.stream().limit(3).map(c -> "'" + c + "'")
                            .collect(Collectors.joining(" or ")) + "?");
        }
        return ConnectionString.mask(FleetwayException.firstLine(ex.getMessage()));
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        ExitCode code = SqlState.exitCode(ex);
        // Fleetway's own messages are written never to hold a secret; anything else is masked to be sure.
        String message = ex instanceof FleetwayException ? ex.getMessage() : ConnectionString.mask(message(ex));
        err.println("error: " + message);
        if (verbose(cmd)) {
            ex.printStackTrace(err);
        }
        err.flush();
        if (root(cmd).getCommand() instanceof FleetwayCommand top && top.format == Format.JSON) {
            Json.write(cmd.getOut(), Envelope.ofError(FleetwayCommand.name(cmd.getCommandSpec()), code.code(), message));
        }
        return code.code();
    }

    private static String message(Throwable ex) {
        if (ex instanceof FleetwayException) {
            return ex.getMessage();
        }
        String first = FleetwayException.firstLine(ex.getMessage());
        if (ex instanceof SQLException sql) {
            return "database error: " + first + " (SQLSTATE " + sql.getSQLState() + ") — rerun with --verbose for detail";
        }
        return "unexpected " + ex.getClass().getSimpleName() + ": " + first + " — rerun with --verbose for the stack trace";
    }

    private static boolean verbose(CommandLine cmd) {
        return root(cmd).getCommand() instanceof FleetwayCommand top && top.verbose();
    }

    private static CommandLine root(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }
}
