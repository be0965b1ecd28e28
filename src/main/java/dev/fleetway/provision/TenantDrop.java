package dev.fleetway.provision;

import static dev.fleetway.db.Sql.ident;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.execute.Fleet;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.DropResult;
import dev.fleetway.report.Placement;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.Targets;
import dev.fleetway.tenant.TenantDirectory;
import dev.fleetway.tenant.TenantSpec;

/**
 * {@code tenants drop}: removes a tenant for good, as its migration user: its database when no other target (the
 * default database, another tenant) uses a database of that name, else its schema (never {@code public}, nor a
 * schema another target uses); then its record (registry row, tenants-file entry). A tenant declared in
 * configuration or by the tenant query is dropped, and the result says where to remove its declaration. Every
 * refusal (unknown tenant, a database in use, not its owner, a record that cannot be changed) comes first.
 */
public final class TenantDrop {
    private static final Logger LOG = Logger.getLogger(TenantDrop.class);

    private final Fleet fleet;

    public TenantDrop(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Drops tenant {@code id}.
     *
     * @throws FleetwayException exit 2 for a refusal (nothing changed), exit 3 when unreachable, exit 5 when a lock
     *         is not acquired
     */
    public DropResult drop(String id) throws SQLException {
        long start = System.nanoTime();
        FleetwayConfig config = fleet.config();
        Targets targets = new Targets(config);
        TenantDirectory directory = fleet.tenants();
        List<TenantSpec> specs = directory.specs();
        TenantSpec spec = specs.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> FleetwayException
                .usage("unknown tenant '" + id + "' — known: " + (specs.isEmpty() ? "none" : specs.stream().limit(20)
                        .map(TenantSpec::id).collect(Collectors.joining(", "))) + " (see 'fleetway tenants')"));
        Target target = targets.tenants(List.of(spec)).get(0);
        String database = target.connection().database();
        ConnectionString server = serverFor(target, config);
        boolean shared = server.database().equals(database) || others(spec, specs, targets).stream()
                .anyMatch(t -> t.connection().database().equals(database));
        Placement placement = shared ? Placement.SCHEMA : Placement.DATABASE;
        Registration registration = Registration.forSource(spec.source(), config, directory.registry(),
                fleet.connector());
        registration.checkRemove();
        try (ProvisionServer srv = ProvisionServer.open(fleet.connector(), server, target.migrationLogin())) {
            if (placement == Placement.DATABASE) {
                refuseDatabase(srv, target);
                try (AdvisoryLock lock = lock(srv)) {
                    srv.dropDatabase(database);
                    registration.remove(id);
                }
            } else {
                refuseSchema(spec, target, specs, targets);
                dropSchema(target);
                try (AdvisoryLock lock = lock(srv)) {
                    registration.remove(id);
                }
            }
        }
        String note = registration.records() ? null : "remove tenant '" + id + "' from " + spec.source()
                + " (Fleetway does not write it), or the next run will find it without its "
                + placement.label();
        return new DropResult(id, placement, database, target.schema(), registration.where().orElse(null), note,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The database to connect to for dropping: where tenants are made when on the tenant's server, else postgres. */
    private static ConnectionString serverFor(Target target, FleetwayConfig config) {
        Optional<ConnectionString> server;
        try {
            server = Optional.of(Provisioner.server(config));
        } catch (FleetwayException e) {
            server = Optional.empty(); // no default database configured: the tenant's own server
        }
        return server.isPresent() && server.get().hosts().equals(target.connection().hosts()) ? server.get()
                : new ConnectionString(target.connection().hosts(), "postgres", target.connection().parameters(),
                        Optional.empty(), Optional.empty());
    }

    /** The other targets of the fleet, each resolved alone (one that cannot be resolved is no target). */
    private static List<Target> others(TenantSpec dropped, List<TenantSpec> specs, Targets targets) {
        List<Target> others = new ArrayList<>();
        if (targets.hasDefault()) {
            try {
                others.add(targets.defaultTarget());
            } catch (FleetwayException e) {
                LOG.debugf("default database not resolved: %s", e.getMessage());
            }
        }
        for (TenantSpec s : specs) {
            if (!s.id().equals(dropped.id())) {
                try {
                    others.addAll(targets.tenants(List.of(s)));
                } catch (FleetwayException e) {
                    LOG.debugf("tenant '%s' not resolved: %s", s.id(), e.getMessage());
                }
            }
        }
        return others;
    }

    private static void refuseDatabase(ProvisionServer srv, Target target) throws SQLException {
        String database = target.connection().database();
        if (!srv.databaseExists(database)) {
            return; // gone already: only the record is left to remove
        }
        if (!srv.mayDrop(database)) {
            throw FleetwayException.usage(target.describe() + ": the migration user does not own database '" + database
                    + "', so it may not drop it — its owner or a superuser can: DROP DATABASE " + database + ";");
        }
        int sessions = srv.sessions(database);
        if (sessions > 0) {
            throw FleetwayException.usage(target.describe() + ": " + sessions + " session(s) are connected to database '"
                    + database + "' — stop what uses it (the application, or SELECT pg_terminate_backend(pid) FROM"
                    + " pg_stat_activity WHERE datname = '" + database + "') and run again");
        }
    }

    /** Refuses a schema that is not the tenant's alone. */
    private static void refuseSchema(TenantSpec spec, Target target, List<TenantSpec> specs, Targets targets) {
        if ("public".equals(target.schema())) {
            throw FleetwayException.usage(target.describe() + " shares database '" + target.connection().database()
                    + "' and lives in its schema public, which Fleetway does not drop — drop what is the tenant's by"
                    + " hand, then remove its declaration");
        }
        for (Target other : others(spec, specs, targets)) {
            if (other.connection().database().equals(target.connection().database())
                    && other.schema().equals(target.schema())) {
                throw FleetwayException.usage(target.describe() + " shares schema '" + target.schema() + "' with "
                        + other.describe() + " — nothing was dropped; remove its declaration by hand");
            }
        }
    }

    /** Drops the tenant's schema under the tenant's own lock (no migration of it runs meanwhile). */
    private void dropSchema(Target target) throws SQLException {
        try (TargetSession session = fleet.open(target, true)) {
            if (!ownsSchema(session, target.schema())) {
                throw FleetwayException.usage(target.describe() + ": the migration user does not own schema '"
                        + target.schema() + "', so it may not drop it — its owner or a superuser can: DROP SCHEMA "
                        + target.schema() + " CASCADE;");
            }
            try (Statement s = session.connection().createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + ident(target.schema()) + " CASCADE");
            }
        }
    }

    /** Whether the login owns the schema or is a superuser; true when the schema is gone already. */
    private static boolean ownsSchema(TargetSession session, String schema) throws SQLException {
        try (PreparedStatement ps = session.connection().prepareStatement("SELECT pg_has_role(current_user, nspowner,"
                + " 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_namespace"
                + " WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        }
    }

    private AdvisoryLock lock(ProvisionServer srv) throws SQLException {
        return srv.lock(fleet.config().lockWait(), holder -> LOG.infof("%s: waiting for another tenants create or"
                + " drop (%s)", srv.describe(), holder));
    }
}
