package dev.fleetway.cli;

import java.io.PrintWriter;
import java.sql.SQLException;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        err.println("error: " + ConnectionString.mask(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        ExitCode code = ExitCode.of(ex);
        // Fleetway's own messages are written never to hold a secret; anything else is masked to be sure.
        err.println("error: " + (ex instanceof FleetwayException ? ex.getMessage() : ConnectionString.mask(message(ex))));
        if (verbose(cmd)) {
            ex.printStackTrace(err);
        }
        err.flush();
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
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof FleetwayCommand top && top.verbose();
    }
}
