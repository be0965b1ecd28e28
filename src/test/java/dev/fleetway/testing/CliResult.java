package dev.fleetway.testing;

/** What one Fleetway run returned: exit code and the two output streams. */
public record CliResult(int exitCode, String out, String err) {
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
