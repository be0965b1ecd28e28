package dev.fleetway.provision;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.SqlState;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.Grants;
import dev.fleetway.execute.Outcome;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.HistoryCheck;
import dev.fleetway.report.Placement;
import dev.fleetway.report.ProvisionMethod;
import dev.fleetway.report.ProvisionResult;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.Targets;
import dev.fleetway.tenant.TenantDirectory;
import dev.fleetway.tenant.TenantRegistry;
import dev.fleetway.tenant.TenantSpec;

/**
 * {@code tenants create}: makes a new tenant in one step, as its migration user: creates its database (on the
 * server of {@code fleetway.tenant-defaults.url}, else the default database's) or its schema, brings it to the
 * newest version, grants the app and monitor users, and records it ({@link Registration}). A database tenant is
 * copied from the template ({@link TemplateDatabase}) when {@code fleetway.provision.template} is on and its
 * migrations allow it ({@link TemplateFit}), its history verified afterwards; otherwise it is migrated like
 * {@code upgrade} migrates. Every refusal (an invalid id or name, an id in use, an existing database or schema, no
 * right to create one, a record that cannot be written, a missing app or monitor user) comes before anything is
 * created; a failure after that drops what was created, so a tenant is made whole or not at all.
 */
public final class Provisioner {
    private static final Logger LOG = Logger.getLogger(Provisioner.class);

    private final Fleet fleet;
    private final ApplyPolicy policy;

    public Provisioner(Fleet fleet, ApplyPolicy policy) {
        this.fleet = fleet;
        this.policy = policy;
    }

    /**
     * Creates the tenant.
     *
     * @throws FleetwayException exit 2 for a refusal (nothing changed), exit 3 when a database is unreachable, exit 5
     *         when the provisioning lock is not acquired, exit 1 when a migration fails (what was created is dropped)
     */
    public ProvisionResult create(NewTenant request) throws SQLException {
        long start = System.nanoTime();
        FleetwayConfig config = fleet.config();
        Targets targets = new Targets(config);
        ConnectionString server = server(config);
        Targets.checkId(request.id(), NewTenant.SOURCE);
        request.checkName();
        TenantSpec spec = request.spec(server);
        Target target = targets.tenants(List.of(spec)).get(0); // resolves users, placeholders, group
        TenantDirectory directory = fleet.tenants();
        directory.specs().stream().filter(s -> s.id().equals(request.id())).findFirst().ifPresent(s -> {
            throw FleetwayException.usage("tenant '" + request.id() + "' already exists (" + s.source() + ") —"
                    + " choose another id, or remove it first with 'fleetway tenants drop " + request.id() + " --yes'");
        });
        TenantRegistry.Row row = request.row(server);
        Registration registration = Registration.forNew(config, directory.registry(), fleet.connector());
        registration.checkAdd(row);
        try (ProvisionServer srv = ProvisionServer.open(fleet.connector(), server, target.migrationLogin())) {
            Grants.requireRoles(srv.connection(), target);
            refuseWhatExists(srv, request);
            Made made = make(srv, request, target, targets.groupName(spec));
            try {
                try (AdvisoryLock lock = lock(srv)) {
                    registration.add(row);
                }
            } catch (SQLException | RuntimeException e) {
                throw undo(srv, request, e);
            }
            return new ProvisionResult(request.id(), request.placement(), target.connection().database(),
                    target.schema(), made.method, made.template.orElse(null), made.templateBuilt,
                    made.note.orElse(null), made.version, made.applied, registration.where().orElse(null),
                    registration.records() ? null : Registration.configuration(row), target.appUser().orElse(null),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            // No connection stays on the new database, kept for reuse: a drop or a copy of it would be refused.
            fleet.connector().closeIdle();
        }
    }

    /** What {@link #make} did. */
    private record Made(ProvisionMethod method, Optional<String> template, boolean templateBuilt, Optional<String> note,
            String version, int applied) {
    }

    /** Creates the database or schema and brings it to the newest version; drops it again when that fails. */
    private Made make(ProvisionServer srv, NewTenant request, Target target, Optional<String> group)
            throws SQLException {
        Optional<String> misfit = Optional.empty();
        if (request.placement() == Placement.DATABASE && fleet.config().provision().template()) {
            TemplateDatabase template = TemplateDatabase.of(target, fleet.flyways(target).source(),
                    target.locations().orElse(fleet.config().locations()), fleet.config().table(), srv.where(), group);
            // A template is only ever built of migrations that fit, so an existing one needs no second look.
            misfit = srv.databaseExists(template.name()) ? Optional.empty()
                    : TemplateFit.misfit(fleet.flyways(target).source());
            if (misfit.isEmpty()) {
                return fromTemplate(srv, request, target, template);
            }
        }
        if (request.placement() == Placement.DATABASE) {
            srv.createDatabase(request.name(), Optional.empty());
        } else {
            srv.createSchema(request.name());
        }
        try {
            Outcome<UpgradeResult> outcome = fleet.upgrade(List.of(target), fleet.runner(1, false), policy).get(0);
            if (outcome.failure().isPresent()) {
                throw outcome.failure().get();
            }
            UpgradeResult result = outcome.result().orElseThrow();
            return new Made(ProvisionMethod.MIGRATED, Optional.empty(), false,
                    misfit.map(m -> "migrated instead of copied from a template: " + m), result.toVersion(),
                    result.applied().size());
        } catch (RuntimeException e) {
            throw undo(srv, request, e);
        }
    }

    /**
     * Copies the template (built first when the migrations changed) under the provisioning lock, which no other
     * create or drop holds meanwhile; then verifies the copy's history and grants, as after any install.
     */
    private Made fromTemplate(ProvisionServer srv, NewTenant request, Target target, TemplateDatabase template)
            throws SQLException {
        boolean built;
        try (AdvisoryLock lock = lock(srv)) {
            built = template.ensure(srv, fleet, target, policy);
            srv.createDatabase(request.name(), Optional.of(template.name()));
        }
        try (TargetSession session = fleet.open(target, true)) {
            if (!HistoryCheck.isCurrent(session)) {
                throw new FleetwayException(ExitCode.MIGRATION_FAILED, target.describe() + ": the copy of "
                        + template.name() + " does not have the history its migration files give — drop that"
                        + " template database (it is rebuilt on the next create) and run 'tenants create' again");
            }
            Grants.all(session).note().ifPresent(note -> LOG.warnf("%s: %s", target.describe(), note));
            String version = session.flyways().expectedHistory().latest();
            return new Made(ProvisionMethod.TEMPLATE, Optional.of(template.name()), built, Optional.empty(), version, 0);
        } catch (SQLException | RuntimeException e) {
            // The session's connection is kept for reuse once closed, and DROP DATABASE refuses a database in use.
            fleet.connector().closeIdle();
            throw undo(srv, request, e);
        }
    }

    /** Refuses, before anything changes, a database or schema that exists, or a login that may not create one. */
    private static void refuseWhatExists(ProvisionServer srv, NewTenant request) throws SQLException {
        if (request.placement() == Placement.DATABASE) {
            if (srv.databaseExists(request.name())) {
                throw FleetwayException.usage(srv.describe() + ": database '" + request.name() + "' already exists"
                        + " — choose another name with --database, or adopt it by declaring the tenant and running"
                        + " 'fleetway upgrade --tenant " + request.id() + "'");
            }
            if (!srv.mayCreateDatabases()) {
                throw FleetwayException.usage(srv.describe() + ": the migration user may not create databases —"
                        + " an administrator can run: ALTER ROLE <migration user> CREATEDB; or use --schema");
            }
        } else {
            if (srv.schemaExists(request.name())) {
                throw FleetwayException.usage(srv.describe() + ": schema '" + request.name() + "' already exists —"
                        + " choose another name with --schema");
            }
            if (!srv.mayCreateSchemas()) {
                throw FleetwayException.usage(srv.describe() + ": the migration user may not create schemas in"
                        + " database '" + srv.where().database() + "' — an administrator can run: GRANT CREATE ON"
                        + " DATABASE " + srv.where().database() + " TO <migration user>;");
            }
        }
    }

    /**
     * Drops what {@link #make} created after a later step failed, and returns the failure to throw, saying so.
     */
    private static FleetwayException undo(ProvisionServer srv, NewTenant request, Exception failure) {
        String what = request.placement().label() + " '" + request.name() + "'";
        String undone;
        try {
            if (request.placement() == Placement.DATABASE) {
                srv.dropDatabase(request.name());
            } else {
                srv.dropSchema(request.name());
            }
            undone = "; the new " + what + " was dropped again and nothing was recorded";
        } catch (SQLException e) {
            undone = "; dropping the new " + what + " failed too (" + FleetwayException.firstLine(e.getMessage())
                    + "): drop it by hand";
        }
        String message = failure instanceof FleetwayException ? failure.getMessage()
                : "creating tenant '" + request.id() + "' failed: " + FleetwayException.firstLine(failure.getMessage());
        return new FleetwayException(SqlState.exitCode(failure), message + undone, failure);
    }

    private AdvisoryLock lock(ProvisionServer srv) throws SQLException {
        return srv.lock(fleet.config().lockWait(), holder -> LOG.infof("%s: waiting for another tenants create or"
                + " drop (%s)", srv.describe(), holder));
    }

    /**
     * Where new tenants are made: {@code fleetway.tenant-defaults.url}, else the default database.
     *
     * @throws FleetwayException (exit 2) when neither is configured
     */
    static ConnectionString server(FleetwayConfig config) {
        Optional<String> defaults = config.tenantDefaults().url().filter(u -> !u.isBlank());
        if (defaults.isPresent()) {
            try {
                return ConnectionString.parse(defaults.get());
            } catch (FleetwayException e) {
                throw new FleetwayException(e.exitCode(), "fleetway.tenant-defaults.url: " + e.getMessage(), e);
            }
        }
        String url = config.defaultDatabase().url().filter(u -> !u.isBlank()).orElseThrow(() -> FleetwayException
                .usage("no server to create tenants on — set fleetway.tenant-defaults.url or the default database"
                        + " (fleetway.default.url, DATABASE_URL, or DB__HOST and DB__NAME)"));
        try {
            return ConnectionString.parse(url);
        } catch (FleetwayException e) {
            throw new FleetwayException(e.exitCode(), "fleetway.default.url: " + e.getMessage(), e);
        }
    }
}
