package dev.fleetway.tenant;

import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.FleetwayConfig.DatabaseConfig;
import dev.fleetway.config.FleetwayConfig.UserConfig;

/** Turns configuration into {@link Target}s. */
public final class Targets {
    private final FleetwayConfig config;

    public Targets(FleetwayConfig config) {
        this.config = config;
    }

    /**
     * The default database.
     *
     * @throws FleetwayException (exit 2) when it is not configured, or its user or password is missing
     */
    public Target defaultTarget() {
        DatabaseConfig db = config.defaultDatabase();
        String url = db.url().orElseThrow(() -> FleetwayException.usage("no default database configured — set "
                + "fleetway.default.url (or DATABASE_URL, or DB__HOST and DB__NAME)"));
        return resolve(Target.DEFAULT_ID, Target.Kind.DEFAULT, ConnectionString.parse(url), db, false);
    }

    /**
     * A target for a connection string given on the command line ({@code install}); users and schema not in
     * the string come from the default database's configuration.
     */
    public Target fromConnectionString(String text) {
        ConnectionString cs = ConnectionString.parse(text);
        return resolve(Target.DEFAULT_ID, Target.Kind.DEFAULT, cs, config.defaultDatabase(), true);
    }

    /**
     * @param urlFirst credentials in the connection string win over configured ones (a string typed on the
     *        command line); otherwise configured ones win over those embedded in a configured URL
     */
    private static Target resolve(String id, Target.Kind kind, ConnectionString cs, DatabaseConfig db,
            boolean urlFirst) {
        Optional<String> configuredUser = db.migrationUser().flatMap(UserConfig::username);
        Optional<String> configuredPassword = db.migrationUser().flatMap(UserConfig::password);
        Optional<String> user = urlFirst ? cs.user().or(() -> configuredUser) : configuredUser.or(cs::user);
        Optional<String> pw = urlFirst ? cs.password().or(() -> configuredPassword) : configuredPassword.or(cs::password);
        String prefix = kind == Target.Kind.DEFAULT ? "fleetway.default" : "fleetway.tenants." + id;
        String name = user.orElseThrow(() -> FleetwayException.usage("no migration user for " + cs.display()
                + " — set " + prefix + ".migration-user.username (or DB__USER), or put the user in the URL"));
        String password = pw.orElseThrow(() -> FleetwayException.usage("no password for migration user '" + name
                + "' on " + cs.display() + " — set " + prefix + ".migration-user.password (or DB__PASSWORD"
                + " / DB__PASSWORD_FILE), or put it in the URL"));
        String schema = db.schema().filter(s -> !s.isBlank()).orElse("public");
        Optional<String> appUser = db.appUser().flatMap(UserConfig::username).filter(s -> !s.isBlank());
        return new Target(id, kind, cs, schema, new Credentials(name, password), appUser);
    }
}
