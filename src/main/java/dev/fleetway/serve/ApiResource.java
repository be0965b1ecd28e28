package dev.fleetway.serve;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.config.FleetwayConfig.DatabaseConfig;
import dev.fleetway.config.FleetwayConfig.UserConfig;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.Outcome;
import dev.fleetway.plan.Auditor;
import dev.fleetway.report.AuditReport;
import dev.fleetway.report.AuditRow;
import dev.fleetway.report.Envelope;
import dev.fleetway.report.Label;
import dev.fleetway.report.RunOutcome;
import dev.fleetway.report.TargetState;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.tenant.Target;

/** The read-only HTTP API of {@code serve}. Answers 503 until {@code serve} has set the fleet up. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {
    private static final Connector QUICK = new Connector(Duration.ofSeconds(3));

    @Inject
    ServeState state;

    /** The same envelope as {@code fleetway audit --format json} for the served selection. */
    @GET
    @Path("/migrations")
    public Response migrations() {
        if (state.snapshot().fleet() == null) {
            return ApiErrors.unavailable();
        }
        return Response.ok(state.audit().envelope("audit", ExitCode.OK.code())).build();
    }

    /** One target's migrations: the envelope of {@code fleetway status --tenant ID --format json}; 404 if unknown. */
    @GET
    @Path("/migrations/{target}")
    public Response migrations(@PathParam("target") String id) throws Exception {
        ServeState.Snapshot now = state.snapshot();
        if (now.fleet() == null) {
            return ApiErrors.unavailable();
        }
        Optional<Target> target = now.fleet().select(now.selection()).stream().filter(t -> t.id().equals(id))
                .findFirst();
        if (target.isEmpty()) {
            return ApiErrors.of(Response.Status.NOT_FOUND, "unknown target '" + id + "'");
        }
        Outcome<TargetStatus> status = now.fleet().status(List.of(target.get()),
                now.fleet().runner(1, false, Events.none())).get(0);
        Label outcome = status.result().<Label>map(Auditor::state).orElse(RunOutcome.FAILED);
        Envelope.Entry entry = new Envelope.Entry(id, target.get().kind().label(), outcome, status.exitCode().code(),
                status.result().orElse(null), status.failure().map(Throwable::getMessage).orElse(null));
        return Response.ok(Envelope.of("status", status.exitCode().code(), List.of(entry),
                List.of(TargetState.values()))).build();
    }

    /** Every component: reachable, current version, up to date, app-user login; 200 when all are fine, else 503. */
    @GET
    @Path("/health/check_up")
    public Response checkUp() throws Exception {
        ServeState.Snapshot now = state.snapshot();
        Fleet fleet = now.fleet();
        if (fleet == null) {
            return ApiErrors.unavailable();
        }
        AuditReport audit = state.audit();
        List<Target> targets = fleet.select(now.selection());
        List<CheckUp.Component> components = new ArrayList<>();
        for (AuditRow row : audit.targets()) {
            Target target = targets.stream().filter(t -> t.id().equals(row.target())).findFirst().orElseThrow();
            Boolean appLogin = row.reachable() ? appUserCanLogIn(fleet.config(), target) : null;
            components.add(new CheckUp.Component(row.target(), row.kind(), row.reachable(), row.currentVersion(),
                    row.status() == TargetState.CURRENT, appLogin,
                    row.error() != null ? row.error() : row.status() == TargetState.CURRENT ? null : row.status().label()));
        }
        boolean fine = components.stream().allMatch(CheckUp.Component::fine);
        CheckUp body = new CheckUp(fine ? "UP" : "DOWN", now.phase().name().toLowerCase(), components);
        return Response.status(fine ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }

    private static Boolean appUserCanLogIn(FleetwayConfig config, Target target) {
        Optional<String> password = appUserPassword(config, target);
        if (target.appUser().isEmpty() || password.isEmpty()) {
            return null;
        }
        try (Connection c = QUICK.connect(target.connection(), new Credentials(target.appUser().get(), password.get()),
                target.describe())) {
            return c.isValid(2);
        } catch (FleetwayException | java.sql.SQLException e) {
            return false;
        }
    }

    private static Optional<String> appUserPassword(FleetwayConfig config, Target target) {
        DatabaseConfig own = target.kind() == Target.Kind.DEFAULT ? config.defaultDatabase()
                : config.tenants().get(target.id());
        Optional<String> password = own == null ? Optional.empty()
                : own.appUser().flatMap(UserConfig::password);
        return target.kind() == Target.Kind.DEFAULT ? password
                : password.or(() -> config.tenantDefaults().appUser().flatMap(UserConfig::password));
    }
}
