package dev.fleetway.tenant;

import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.FleetwayConfig.DatabaseConfig;
import dev.fleetway.config.FleetwayConfig.UserConfig;

/** Turns configuration (and tenant declarations from any source) into {@link Target}s. */
public final class Targets {
    private final FleetwayConfig config;

    public Targets(FleetwayConfig config) {
        this.config = config;
    }

    /** Whether a default database is configured. */
    public boolean hasDefault() {
        return config.defaultDatabase().url().isPresent();
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
        Optional<UserConfig> user = db.migrationUser();
        return resolve(Target.DEFAULT_ID, Target.Kind.DEFAULT, ConnectionString.parse(url), false,
                user.flatMap(UserConfig::username), user.flatMap(UserConfig::password), db.schema(),
                db.appUser().flatMap(UserConfig::username));
    }

    /**
     * A target for a connection string given on the command line ({@code install}); users and schema not in
     * the string come from the default database's configuration.
     */
    public Target fromConnectionString(String text) {
        DatabaseConfig db = config.defaultDatabase();
        Optional<UserConfig> user = db.migrationUser();
        return resolve(Target.DEFAULT_ID, Target.Kind.DEFAULT, ConnectionString.parse(text), true,
                user.flatMap(UserConfig::username), user.flatMap(UserConfig::password), db.schema(),
                db.appUser().flatMap(UserConfig::username));
    }

    /** Tenants declared in configuration ({@code fleetway.tenants.<id>.*}, any layer). */
    public List<TenantSpec> configuredTenants() {
        List<TenantSpec> specs = new ArrayList<>();
        config.tenants().forEach((id, t) -> specs.add(new TenantSpec(id, "configuration", t.url(), t.schema(),
                t.migrationUser().flatMap(UserConfig::username), t.migrationUser().flatMap(UserConfig::password),
                t.appUser().flatMap(UserConfig::username))));
        return specs;
    }

    /**
     * Merges tenant declarations from several sources into targets, ordered by id.
     *
     * @throws FleetwayException (exit 2) for an id declared twice (naming both places), an id that is not a
     *         plain name, or a tenant whose URL, user or password cannot be resolved
     */
    public List<Target> tenants(Collection<TenantSpec> specs) {
        Map<String, TenantSpec> byId = new LinkedHashMap<>();
        for (TenantSpec spec : specs) {
            if (!spec.id().matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,62}")) {
                throw FleetwayException.usage("tenant id '" + spec.id() + "' from " + spec.source() + " is not valid"
                        + " — use letters, digits, '_', '-' and '.', starting with a letter or digit");
            }
            TenantSpec earlier = byId.putIfAbsent(spec.id(), spec);
            if (earlier != null || Target.DEFAULT_ID.equals(spec.id())) {
                throw FleetwayException.usage("tenant '" + spec.id() + "' is declared twice: in " + (earlier == null
                        ? "the reserved name of the default database" : earlier.source()) + " and in "
                        + spec.source() + " — keep one");
            }
        }
        return byId.values().stream().sorted(java.util.Comparator.comparing(TenantSpec::id)).map(this::tenant)
                .toList();
    }

    private Target tenant(TenantSpec spec) {
        DatabaseConfig defaults = config.tenantDefaults();
        Optional<String> schema = spec.schema().or(defaults::schema);
        // Schema-per-tenant: a tenant with only a schema lives in the default database.
        String url = spec.url().or(defaults::url)
                .or(() -> schema.isPresent() ? config.defaultDatabase().url() : Optional.empty())
                .orElseThrow(() -> FleetwayException.usage("tenant '" + spec.id() + "' (" + spec.source()
                        + ") has no url — set fleetway.tenants." + spec.id() + ".url or fleetway.tenant-defaults.url,"
                        + " or a schema to use the default database"));
        Optional<UserConfig> user = defaults.migrationUser();
        return resolve(spec.id(), Target.Kind.TENANT, ConnectionString.parse(url), false,
                spec.username().or(() -> user.flatMap(UserConfig::username)),
                spec.password().or(() -> user.flatMap(UserConfig::password)), schema,
                spec.appUser().or(() -> defaults.appUser().flatMap(UserConfig::username)));
    }

    /**
     * @param urlFirst credentials in the connection string win over configured ones (a string typed on the
     *        command line); otherwise configured ones win over those embedded in a configured URL
     */
    private static Target resolve(String id, Target.Kind kind, ConnectionString cs, boolean urlFirst,
            Optional<String> configuredUser, Optional<String> configuredPassword, Optional<String> schema,
            Optional<String> appUser) {
        Optional<String> user = urlFirst ? cs.user().or(() -> configuredUser) : configuredUser.or(cs::user);
        Optional<String> pw = urlFirst ? cs.password().or(() -> configuredPassword) : configuredPassword.or(cs::password);
        String prefix = kind == Target.Kind.DEFAULT ? "fleetway.default" : "fleetway.tenants." + id;
        String also = kind == Target.Kind.DEFAULT ? " (or DB__USER)" : " (or fleetway.tenant-defaults.migration-user)";
        String name = user.orElseThrow(() -> FleetwayException.usage("no migration user for " + cs.display()
                + " — set " + prefix + ".migration-user.username" + also + ", or put the user in the URL"));
        String password = pw.orElseThrow(() -> FleetwayException.usage("no password for migration user '" + name
                + "' on " + cs.display() + " — set " + prefix + ".migration-user.password"
                + (kind == Target.Kind.DEFAULT ? " (or DB__PASSWORD / DB__PASSWORD_FILE)"
                        : " (or fleetway.tenant-defaults.migration-user.password)")
                + ", or put it in the URL"));
        return new Target(id, kind, cs, schema.filter(s -> !s.isBlank()).orElse("public"),
                new Credentials(name, password), appUser.filter(s -> !s.isBlank()));
    }
}
