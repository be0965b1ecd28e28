package dev.fleetway.db;

/** A database login. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return username + ":***";
    }
}
