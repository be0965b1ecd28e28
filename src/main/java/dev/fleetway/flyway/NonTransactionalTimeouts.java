package dev.fleetway.flyway;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;

/**
 * Lifts {@code lock_timeout} around a non-transactional migration. A {@code CREATE INDEX CONCURRENTLY}
 * never blocks traffic while it waits (its lock does not conflict with reads or writes), but it waits for
 * every older transaction in the database; with the session's few-second {@code lock_timeout} it would be
 * cancelled whenever one runs longer, leaving an INVALID index. {@code statement_timeout} still applies.
 */
final class NonTransactionalTimeouts implements Callback {
    private final Set<String> scripts;
    private String saved;

    NonTransactionalTimeouts(MigrationSource source) {
        this.scripts = source.files().stream().filter(MigrationFile::nonTransactional)
                .map(MigrationFile::script).collect(Collectors.toSet());
    }

    @Override
    public boolean supports(Event event, Context context) {
        return (event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR) && context.getMigrationInfo() != null
                && scripts.contains(context.getMigrationInfo().getScript());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (Statement s = context.getConnection().createStatement()) {
            if (event == Event.BEFORE_EACH_MIGRATE) {
                try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                    rs.next();
                    saved = rs.getString(1);
                }
                s.execute("SET lock_timeout = 0");
            } else if (saved != null) {
                s.execute("SET lock_timeout = '" + saved.replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot adjust lock_timeout around " + context.getMigrationInfo().getScript(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "fleetway-non-transactional-timeouts";
    }
}
