package dev.fleetway.drift;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * resolved placeholders) produce at its version, with the repeatable scripts its history records as current, and
 * its app user's grants as {@code upgrade} gives them; what its other repeatable scripts would create or change is
 * {@linkplain Reference#uncertain uncertain}. Each distinct reference is built once per run, in a schema of the
 * {@link Scratch} space, by the same {@link Executor} as {@code upgrade}, in the background while targets are read.
 * A reference that cannot be built fails every target that needs it, with the reason. Thread-safe.
 */
final class References implements AutoCloseable {
    /** What distinguishes one reference from another. */
    private record Key(List<String> locations, Map<String, String> placeholders, String version,
            Set<String> repeatables, Set<String> pendingRepeatables, Optional<String> appUser) {
    }

    /**
     * A built reference.
     *
     * @param grants whether the app user's grants are in it (the app user exists on the scratch server)
     * @param uncertain the objects that the target's pending repeatable scripts create or change: they may or may
     *        not be there (a revert keeps a repeatable's view but forgets that it ran), so they are not compared
     */
    record Reference(Catalog catalog, boolean grants, Set<Catalog.Key> uncertain, Map<String, Catalog> normalised) {
        Reference(Catalog catalog, boolean grants, Set<Catalog.Key> uncertain) {
            this(catalog, grants, Set.copyOf(uncertain), new ConcurrentHashMap<>());
        }

        /**
         * The catalog normalised for comparing with a target in {@code schema} (see {@link Normaliser}); made once
         * per schema name, as most targets of a fleet share theirs.
         */
        Catalog normalisedFor(String schema) {
            return normalised.computeIfAbsent(schema, s -> catalog.normalised(new Normaliser(s, catalog.schema())));
        }
    }

    /** A reference asked for by one target: its version (for messages) and the build it waits for. */
    record Request(Target target, String version, CompletableFuture<Reference> build) {
    }

    /** How many references are built at once, while the targets are being read. */
    private static final int BUILDERS = 2;

    private final Fleet fleet;
    private final Scratch scratch;
    private final Map<Key, CompletableFuture<Reference>> built = new ConcurrentHashMap<>();
    private final Map<String, Boolean> roles = new ConcurrentHashMap<>();
    private final ExecutorService builders = Executors.newFixedThreadPool(BUILDERS, r -> {
        Thread t = new Thread(r, "fleetway-reference");
        t.setDaemon(true);
        return t;
    });

    References(Fleet fleet, Scratch scratch) {
        this.fleet = fleet;
        this.scratch = scratch;
    }

    /** How many references were built (or attempted). */
    int count() {
        return built.size();
    }

    /**
     * Asks for the reference of {@code target} in {@code state}: starts building it (in the background, at most
     * {@value #BUILDERS} at once) unless it is built or being built already. Does not wait for the build, so the
     * caller can go on reading targets meanwhile; {@link #await} waits.
     */
    Request request(Target target, AppliedState state) {
        FlywayFactory flyways = fleet.flyways(target);
        Map<String, String> placeholders = new TreeMap<>(FlywayFactory.placeholders(target));
        // The schema's name differs in the scratch space (and is normalised away); the tenant's id matters only to
        // the migrations that use it.
        placeholders.remove("fleetway:schema");
        if (!usesTenantId(flyways.source())) {
            placeholders.remove("fleetway:tenant");
        }
        Optional<String> app = target.appUser().filter(this::grantable);
        boolean grants = app.isPresent() || target.appUser().isEmpty();
        Key key = new Key(List.copyOf(flyways.source().locations()), placeholders, state.version(),
                state.repeatables(), state.pendingRepeatables(), app);
        CompletableFuture<Reference> build = built.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
            try {
                Catalog catalog = build(target, k, flyways, k.repeatables());
                return new Reference(catalog, grants, uncertain(target, k, flyways, catalog));
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, builders));
        return new Request(target, state.version(), build);
    }

    /**
     * Waits for a requested reference.
     *
     * @throws FleetwayException when it cannot be built: the reason, naming the target and the scratch space
     */
    Reference await(Request request) {
        try {
            return request.build().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException inner ? inner.getCause() : e.getCause();
            String why = cause instanceof FleetwayException f ? f.getMessage()
                    : cause.getClass().getSimpleName() + ": " + FleetwayException.firstLine(cause.getMessage());
            ExitCode code = cause instanceof FleetwayException f ? f.exitCode() : ExitCode.MIGRATION_FAILED;
            throw new FleetwayException(code, request.target().describe() + ": its reference (version "
                    + request.version() + ") could not be built in the " + scratch.describe() + ": " + why, cause);
        }
    }

    /** Stops the builders; a build still running is abandoned (its schema goes with the scratch space). */
    @Override
    public void close() {
        builders.shutdownNow();
    }

    /**
     * The objects the pending repeatable scripts would add or change: the differences between the reference and one
     * built with them too. None when there are none, or when they cannot run at this version (then what they create
     * cannot be there either).
     */
    private Set<Catalog.Key> uncertain(Target target, Key key, FlywayFactory flyways, Catalog without)
            throws SQLException {
        if (key.pendingRepeatables().isEmpty()) {
            return Set.of();
        }
        Set<String> all = new TreeSet<>(key.repeatables());
        all.addAll(key.pendingRepeatables());
        Catalog with;
        try {
            with = build(target, key, flyways, all);
        } catch (FleetwayException e) {
            return Set.of();
        }
        Normaliser normaliser = new Normaliser(without.schema(), with.schema());
        Set<Catalog.Key> keys = new HashSet<>();
        Differ.compare(without.normalised(normaliser), with.normalised(normaliser))
                .forEach(d -> keys.add(new Catalog.Key(d.kind(), d.name())));
        return keys;
    }

    private Catalog build(Target target, Key key, FlywayFactory flyways, Set<String> repeatables) throws SQLException {
        String schema = scratch.newSchema();
        try {
            Map<String, String> placeholders = new TreeMap<>(target.placeholders());
            String id = key.placeholders().containsKey("fleetway:tenant") ? target.id() : "reference";
            Target reference = scratch.target(id, schema, key.appUser(), placeholders, target.locations());
            try (TargetSession session = fleet.open(reference, false)) {
                new Executor(ApplyPolicy.PLAIN, Events.none()).apply(session,
                        plan(reference, flyways.source(), key.version(), repeatables));
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
                .filter(f -> repeatables.contains(f.script()))
                .sorted(Comparator.comparing(MigrationFile::description))
                .forEach(f -> steps.add(step(f, version)));
        return new Plan(target, Direction.UP, null, version, steps, Plan.Basis.FRESH);
    }

    private static Plan.Step step(MigrationFile file, String versionAfter) {
        return new Plan.Step(file.version().orElse(""), file.description(), file.script(), file, List.of(), null,
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
