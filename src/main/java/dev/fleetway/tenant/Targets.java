package dev.fleetway.tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.FleetwayConfig.DatabaseConfig;
import dev.fleetway.config.FleetwayConfig.Group;
import dev.fleetway.config.FleetwayConfig.GroupMode;
import dev.fleetway.config.FleetwayConfig.UserConfig;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;

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
        return defaultTarget(parse(url, "fleetway.default.url (DATABASE_URL, or DB__HOST/DB__PORT/DB__NAME)"),
                false);
    }

    /**
     * A target for a connection string given on the command line ({@code install}); users and schema not in
     * the string come from the default database's configuration.
     */
    public Target fromConnectionString(String text) {
        return defaultTarget(ConnectionString.parse(text), true);
    }

    private Target defaultTarget(ConnectionString where, boolean urlFirst) {
        DatabaseConfig db = config.defaultDatabase();
        Map<String, String> placeholders = new HashMap<>(config.placeholders());
        placeholders.putAll(db.placeholders());
        return resolve(Target.DEFAULT_ID, Target.Kind.DEFAULT, where, urlFirst, login(db.migrationUser()),
                login(db.monitorUser()), db.schema(), db.appUser().flatMap(UserConfig::username), Map.of(),
                placeholders, ownLocations(db.locations()));
    }

    /** Tenants declared in configuration ({@code fleetway.tenants.<id>.*}, any layer). */
    public List<TenantSpec> configuredTenants() {
        List<TenantSpec> specs = new ArrayList<>();
        config.tenants().forEach((id, t) -> specs.add(new TenantSpec(id, "configuration", t.url(), t.schema(),
                login(t.migrationUser()), login(t.monitorUser()), t.appUser().flatMap(UserConfig::username),
                t.labels(), t.placeholders(), t.locations())));
        return specs;
    }

    /** Parses a configured URL; an error names the setting it came from. */
    private static ConnectionString parse(String url, String setting) {
        try {
            return ConnectionString.parse(url);
        } catch (FleetwayException e) {
            throw new FleetwayException(e.exitCode(), setting + ": " + e.getMessage(), e);
        }
    }

    private static TenantSpec.Login login(Optional<UserConfig> user) {
        return new TenantSpec.Login(user.flatMap(UserConfig::username), user.flatMap(UserConfig::password));
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
            checkId(spec.id(), spec.source());
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

    /**
     * Refuses an id that is not a plain name: letters, digits, {@code _}, {@code -} and {@code .}, starting with a
     * letter or digit, at most 63 characters.
     *
     * @param source where it was declared, for the message
     * @throws FleetwayException (exit 2) naming the id and the rule
     */
    public static void checkId(String id, String source) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,62}")) {
            throw FleetwayException.usage("tenant id '" + id + "' from " + source + " is not valid — use letters,"
                    + " digits, '_', '-' and '.', starting with a letter or digit");
        }
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
        Optional<Map.Entry<String, Group>> group = groupOf(spec);
        // Placeholders, lowest first: global, tenant defaults, the tenant's group's, the tenant's own.
        Map<String, String> placeholders = new HashMap<>(config.placeholders());
        placeholders.putAll(defaults.placeholders());
        group.ifPresent(g -> placeholders.putAll(g.getValue().placeholders()));
        placeholders.putAll(spec.placeholders());
        // Locations: the tenant's own, else its group's (after or instead of the defaults'), else the defaults'.
        Optional<List<String>> locations = spec.locations().or(() -> group.flatMap(g -> g.getValue().locations()
                .map(own -> g.getValue().mode() == GroupMode.REPLACE ? own : concat(defaults.locations()
                        .orElse(config.locations()), own)))).or(defaults::locations);
        return resolve(spec.id(), Target.Kind.TENANT, parse(url, "the url of tenant '" + spec.id() + "' ("
                + spec.source() + ")"), false,
                orDefault(spec.migrationUser(), login(defaults.migrationUser())),
                orDefault(spec.monitorUser(), login(defaults.monitorUser())), schema,
                spec.appUser().or(() -> defaults.appUser().flatMap(UserConfig::username)), spec.labels(),
                placeholders, ownLocations(locations));
    }

    /**
     * The name of the group ({@code fleetway.groups.<name>}) whose {@code match} the tenant's labels satisfy; empty
     * when none does.
     *
     * @throws FleetwayException (exit 2) when two groups match, naming both
     */
    public Optional<String> groupName(TenantSpec spec) {
        return groupOf(spec).map(Map.Entry::getKey);
    }

    /**
     * The group whose {@code match} the tenant's labels satisfy, if any.
     *
     * @throws FleetwayException (exit 2) when two groups match, naming both
     */
    private Optional<Map.Entry<String, Group>> groupOf(TenantSpec spec) {
        List<Map.Entry<String, Group>> matching = config.groups().entrySet().stream()
                .filter(g -> !g.getValue().match().isEmpty()
                        && spec.labels().entrySet().containsAll(g.getValue().match().entrySet()))
                .sorted(Map.Entry.comparingByKey()).toList();
        if (matching.size() > 1) {
            throw FleetwayException.usage("tenant '" + spec.id() + "' (" + spec.source() + ") is matched by two groups,"
                    + " fleetway.groups." + matching.get(0).getKey() + " and fleetway.groups." + matching.get(1).getKey()
                    + " — make their match labels exclusive, or change the tenant's labels");
        }
        return matching.stream().findFirst();
    }

    /** The target's own locations, unless {@code --migrations} replaces every location. */
    private Optional<List<String>> ownLocations(Optional<List<String>> locations) {
        return config.migrationsOverride().isPresent() ? Optional.empty() : locations;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static TenantSpec.Login orDefault(TenantSpec.Login own, TenantSpec.Login defaults) {
        return new TenantSpec.Login(own.username().or(defaults::username), own.password().or(defaults::password));
    }

    /**
     * @param urlFirst credentials in the connection string win over configured ones (a string typed on the
     *        command line); otherwise configured ones win over those embedded in a configured URL
     */
    private static Target resolve(String id, Target.Kind kind, ConnectionString cs, boolean urlFirst,
            TenantSpec.Login migration, TenantSpec.Login monitor, Optional<String> schema, Optional<String> appUser,
            Map<String, String> labels, Map<String, String> placeholders, Optional<List<String>> locations) {
        Optional<String> configuredUser = migration.username();
        Optional<String> configuredPassword = migration.password();
        Optional<String> user = urlFirst ? cs.user().or(() -> configuredUser) : configuredUser.or(cs::user);
        Optional<String> pw = urlFirst ? cs.password().or(() -> configuredPassword) : configuredPassword.or(cs::password);
        String prefix = kind == Target.Kind.DEFAULT ? "fleetway.default" : "fleetway.tenants." + id;
        Optional<Credentials> reader = monitor(id, kind, monitor, user.isPresent());
        Optional<Credentials> writer = Optional.empty();
        if (user.isPresent() || reader.isEmpty()) {
            // Without a monitor user the migration user does everything, so it is required; with one, serve and
            // the read-only commands can run without it.
            String also = kind == Target.Kind.DEFAULT ? " (or DB__USER)" : " (or fleetway.tenant-defaults.migration-user)";
            String name = user.orElseThrow(() -> FleetwayException.usage("no migration user for " + cs.display()
                    + " — set " + prefix + ".migration-user.username" + also + ", or put the user in the URL"));
            String password = pw.orElseThrow(() -> FleetwayException.usage("no password for migration user '" + name
                    + "' on " + cs.display() + " — set " + prefix + ".migration-user.password"
                    + (kind == Target.Kind.DEFAULT ? " (or DB__PASSWORD / DB__PASSWORD_FILE)"
                            : " (or fleetway.tenant-defaults.migration-user.password)")
                    + ", or put it in the URL"));
            writer = Optional.of(new Credentials(name, password));
        }
        Optional<String> monitorName = reader.isEmpty() ? monitor.username().filter(u -> !u.isBlank())
                : Optional.empty();
        return new Target(id, kind, cs, schema.filter(s -> !s.isBlank()).orElse("public"), writer,
                appUser.filter(s -> !s.isBlank()), reader, labels, placeholders, locations, monitorName);
    }

    /**
     * The monitor login, when one is configured with its password. Named without one, it is only granted (a
     * migrating Job needs no more), which is fine where a migration user logs in; alone it is an error.
     */
    private static Optional<Credentials> monitor(String id, Target.Kind kind, TenantSpec.Login monitor,
            boolean migrationUser) {
        if (monitor.username().filter(u -> !u.isBlank()).isEmpty()
                || monitor.password().isEmpty() && migrationUser) {
            return Optional.empty();
        }
        String prefix = kind == Target.Kind.DEFAULT ? "fleetway.default" : "fleetway.tenants." + id;
        String password = monitor.password().orElseThrow(() -> FleetwayException.usage("no password for monitor"
                + " user '" + monitor.username().get() + "' — set " + prefix + ".monitor-user.password"
                + (kind == Target.Kind.DEFAULT ? "" : " (or fleetway.tenant-defaults.monitor-user.password)")
                + ", or leave the monitor user out to read as the migration user"));
        return Optional.of(new Credentials(monitor.username().get(), password));
    }
}
