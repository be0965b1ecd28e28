package dev.fleetway.drift;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Events;
import dev.fleetway.execute.Executor;
import dev.fleetway.execute.Fleet;
import dev.fleetway.flyway.FlywayFactory;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.plan.Plan;
import dev.fleetway.report.Direction;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;

/**
 * The reference catalogs of one {@code drift} run: what a target's own migrations (its migration set, with its
 * resolved placeholders) produce at its version, with the repeatable scripts its history records, and its app
 * user's grants as {@code upgrade} gives them. Each distinct reference is built once per run, in a schema of the
 * {@link Scratch} space, by the same {@link Executor} as {@code upgrade}; targets that need one being built wait for
 * it. A reference that cannot be built fails every target that needs it, with the reason. Thread-safe.
 */
final class References {
    /** What distinguishes one reference from another. */
    private record Key(List<String> locations, Map<String, String> placeholders, String version,
            Set<String> repeatables, Optional<String> appUser) {
    }

    /**
     * A built reference.
     *
     * @param grants whether the app user's grants are in it (the app user exists on the scratch server)
     */
    record Reference(Catalog catalog, boolean grants) {
    }

    private final Fleet fleet;
    private final Scratch scratch;
    private final Map<Key, CompletableFuture<Reference>> built = new ConcurrentHashMap<>();
    private final Map<String, Boolean> roles = new ConcurrentHashMap<>();

    References(Fleet fleet, Scratch scratch) {
        this.fleet = fleet;
        this.scratch = scratch;
    }

    /** How many references were built (or attempted). */
    int count() {
        return built.size();
    }

    /**
     * The reference of {@code target} in {@code state}, built by this caller when no other built or is building it.
     *
     * @throws FleetwayException when it cannot be built: the reason, naming the target and the scratch space
     */
    Reference of(Target target, AppliedState state) throws SQLException {
        FlywayFactory flyways = fleet.flyways(target);
        Map<String, String> placeholders = new TreeMap<>(FlywayFactory.placeholders(target));
        // The schema's name differs in the scratch space (and is normalised away); the tenant's id matters only to
        // the migrations that use it.
        placeholders.remove("fleetway:schema");
        if (!usesTenantId(flyways.source())) {
            placeholders.remove("fleetway:tenant");
        }
        Optional<String> app = target.appUser().filter(this::grantable);
        Key key = new Key(List.copyOf(flyways.source().locations()), placeholders, state.version(),
                state.repeatables(), app);
        CompletableFuture<Reference> mine = new CompletableFuture<>();
        CompletableFuture<Reference> theirs = built.putIfAbsent(key, mine);
        if (theirs == null) {
            try {
                mine.complete(new Reference(build(target, key, flyways), app.isPresent() || target.appUser().isEmpty()));
            } catch (RuntimeException | SQLException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return (theirs == null ? mine : theirs).join();
        } catch (CompletionException e) {
            String why = e.getCause() instanceof FleetwayException f ? f.getMessage()
                    : e.getCause().getClass().getSimpleName() + ": " + FleetwayException.firstLine(e.getCause().getMessage());
            ExitCode code = e.getCause() instanceof FleetwayException f ? f.exitCode() : ExitCode.MIGRATION_FAILED;
            throw new FleetwayException(code, target.describe() + ": its reference (version " + state.version()
                    + ") could not be built in the " + scratch.describe() + ": " + why, e.getCause());
        }
    }

    private Catalog build(Target target, Key key, FlywayFactory flyways) throws SQLException {
        String schema = scratch.newSchema();
        try {
            Map<String, String> placeholders = new TreeMap<>(target.placeholders());
            String id = key.placeholders().containsKey("fleetway:tenant") ? target.id() : "reference";
            Target reference = scratch.target(id, schema, key.appUser(), placeholders, target.locations());
            try (TargetSession session = fleet.open(reference, false)) {
                new Executor(ApplyPolicy.PLAIN, Events.none()).apply(session,
                        plan(reference, flyways.source(), key.version(), key.repeatables()));
                return Catalog.read(session.connection(), schema, key.appUser(), flyways.table(), true);
            } catch (FleetwayException e) {
                // The reference's own description means nothing to the operator: the caller names the target.
                throw new FleetwayException(e.exitCode(), e.getMessage().replace(reference.describe() + ": ", ""), e);
            }
        } finally {
            scratch.dropSchema(schema);
        }
    }

    /**
     * What a fresh install up to {@code version} runs: every versioned file up to it, in version order, then the
     * chosen repeatable scripts, by description (Flyway's order).
     */
    static Plan plan(Target target, MigrationSource source, String version, Set<String> repeatables) {
        MigrationVersion upTo = MigrationVersion.fromVersion(version);
        List<Plan.Step> steps = new ArrayList<>();
        source.files().stream().filter(f -> f.kind() == MigrationFile.Kind.VERSIONED)
                .filter(f -> !MigrationVersion.fromVersion(f.version().orElseThrow()).isNewerThan(upTo))
                .sorted(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version().orElseThrow())))
                .forEach(f -> steps.add(step(f, f.version().orElseThrow())));
        source.files().stream().filter(f -> f.kind() == MigrationFile.Kind.REPEATABLE)
                .filter(f -> repeatables.contains(f.filename()))
                .sorted(Comparator.comparing(MigrationFile::description))
                .forEach(f -> steps.add(step(f, version)));
        return new Plan(target, Direction.UP, null, version, steps, Plan.Basis.FRESH);
    }

    private static Plan.Step step(MigrationFile file, String versionAfter) {
        return new Plan.Step(file.version().orElse(""), file.description(), file.relativePath(), file, List.of(), null,
                0, List.of(), versionAfter, !file.nonTransactional());
    }

    private static boolean usesTenantId(MigrationSource source) {
        return source.files().stream().anyMatch(f -> f.content().contains("fleetway:tenant"));
    }

    /** Whether a reference can grant the app user: it exists on the scratch server (asked once per name). */
    private boolean grantable(String role) {
        return roles.computeIfAbsent(role, r -> {
            try {
                return scratch.roleExists(r);
            } catch (SQLException e) {
                throw new FleetwayException(ExitCode.UNREACHABLE, "cannot read the roles of the " + scratch.describe()
                        + " (" + FleetwayException.firstLine(e.getMessage()) + ")", e);
            }
        });
    }
}
