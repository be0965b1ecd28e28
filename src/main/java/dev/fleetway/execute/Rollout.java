package dev.fleetway.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.fleetway.FleetwayException;
import dev.fleetway.tenant.Target;

/**
 * How a fleet run is staged: in phases (the default database, then the tenants, or the reverse), and the
 * tenants' phase in waves: an optional canary, then growing waves, each allowed a number of failures. A wave
 * starts only when the one before it ended within its budget; one over budget stops the run and the rest is
 * skipped. Made from the options ({@code --canary}, {@code --waves}, …) or {@code fleetway.rollout.*}.
 *
 * @param canary which tenants go first, when any
 * @param waves the waves after the canary: counts, or cumulative percentages of the tenants left after the
 *        canary (rounded up); empty: all of them in one wave
 * @param maxFailures the failures each wave may have: a count, or a percentage of the wave's targets (rounded down)
 * @param pause how long to wait between waves
 * @param tenantsFirst whether the tenants' phase runs before the default database's
 */
public record Rollout(Optional<Canary> canary, List<Step> waves, Budget maxFailures, Duration pause,
        boolean tenantsFirst) {

    /** No canary, one wave, no failure allowed to stop anything: a plain fleet run (failures stay isolated). */
    public static final Rollout NONE = new Rollout(Optional.empty(), List.of(), Budget.UNLIMITED, Duration.ZERO, false);

    /** The canary: tenants by id, by label, or the first N in id order. */
    public sealed interface Canary {
        /**
         * {@code --canary ID[,ID…]}; {@code strict} (given on the command line) when an id outside the selection is
         * an error rather than left out (configured: a run of one tenant, or a shard, need not hold the canary).
         */
        record Ids(List<String> ids, boolean strict) implements Canary {
        }

        /** {@code --canary label:KEY=VALUE}. */
        record Label(String key, String value) implements Canary {
        }

        /** {@code --canary-count N}. */
        record Count(int count) implements Canary {
        }
    }

    /** One entry of {@code --waves}: a count of tenants, or a cumulative percentage of those after the canary. */
    public record Step(int amount, boolean percent) {
    }

    /** The failures a wave may have: {@code N}, or {@code P%} of the wave's targets rounded down. */
    public record Budget(int amount, boolean percent) {
        static final Budget UNLIMITED = new Budget(Integer.MAX_VALUE, false);

        /** The failures a wave of {@code size} targets may have. */
        public int of(int size) {
            return percent ? (int) Math.floor(size * amount / 100.0) : amount;
        }

        @Override
        public String toString() {
            return this == UNLIMITED ? "unlimited" : amount + (percent ? "%" : "");
        }
    }

    /**
     * One wave of the run: its name (for messages), its targets, how many may fail, and whether it belongs to a
     * {@link #staged()} rollout (a plain run's two phases are waves too, but nothing to announce).
     */
    public record Wave(String name, List<Target> targets, int budget, boolean staged) {
    }

    /** Whether this stages anything: a canary, waves, or a failure budget. */
    public boolean staged() {
        return canary.isPresent() || !waves.isEmpty() || maxFailures != Budget.UNLIMITED;
    }

    /**
     * Splits the selected targets into waves, in run order: the default database's phase (one wave, which must not
     * fail), the canary, then the waves; the tenants' phases first with {@code tenantsFirst}.
     *
     * @throws FleetwayException (exit 2) for a canary id that is not among the selected tenants
     */
    public List<Wave> waves(List<Target> targets) {
        List<Target> tenants = targets.stream().filter(t -> t.kind() == Target.Kind.TENANT).toList();
        List<Wave> tenantWaves = new ArrayList<>();
        List<Target> rest = new ArrayList<>(tenants);
        canary.ifPresent(c -> {
            List<Target> chosen = canaryOf(c, tenants);
            rest.removeAll(chosen);
            if (!chosen.isEmpty()) {
                tenantWaves.add(new Wave("canary", chosen, maxFailures.of(chosen.size()), true));
            }
        });
        int total = rest.size();
        int done = 0;
        for (int i = 0; i < waves.size() && done < total; i++) {
            Step step = waves.get(i);
            int upTo = step.percent() ? (int) Math.ceil(total * step.amount() / 100.0) : done + step.amount();
            int size = Math.max(1, Math.min(total, upTo) - done);
            tenantWaves.add(wave("wave " + (i + 1), rest.subList(done, done + size)));
            done += size;
        }
        if (done < total) {
            tenantWaves.add(wave(waves.isEmpty() && canary.isEmpty() ? "tenants" : "wave " + (waves.size() + 1),
                    rest.subList(done, total)));
        }
        List<Wave> all = new ArrayList<>();
        List<Target> defaults = targets.stream().filter(t -> t.kind() == Target.Kind.DEFAULT).toList();
        Wave defaultPhase = new Wave("default database", defaults, 0, staged());
        if (!defaults.isEmpty() && !tenantsFirst) {
            all.add(defaultPhase);
        }
        all.addAll(tenantWaves);
        if (!defaults.isEmpty() && tenantsFirst) {
            all.add(defaultPhase);
        }
        return all;
    }

    private Wave wave(String name, List<Target> targets) {
        return new Wave(name, List.copyOf(targets), maxFailures.of(targets.size()), staged());
    }

    private static List<Target> canaryOf(Canary canary, List<Target> tenants) {
        if (canary instanceof Canary.Count count) {
            return tenants.stream().sorted(java.util.Comparator.comparing(Target::id)).limit(count.count()).toList();
        }
        if (canary instanceof Canary.Label label) {
            return tenants.stream().filter(t -> label.value().equals(t.labels().get(label.key()))).toList();
        }
        Set<String> ids = new LinkedHashSet<>(((Canary.Ids) canary).ids());
        Map<String, Target> byId = new java.util.HashMap<>();
        tenants.forEach(t -> byId.put(t.id(), t));
        List<Target> chosen = new ArrayList<>();
        for (String id : ids) {
            Target t = byId.get(id);
            if (t == null && !((Canary.Ids) canary).strict()) {
                continue;
            }
            if (t == null) {
                throw FleetwayException.usage("--canary " + id + " is not among the selected tenants — choose canary"
                        + " tenants inside the selection (--all, narrowed by --exclude, --label, --shard)");
            }
            chosen.add(t);
        }
        return chosen;
    }

    /** The rollout {@code fleetway.rollout.*} configures (serve's auto-migration, and every option left out). */
    public static Rollout of(dev.fleetway.config.FleetwayConfig.Rollout configured) {
        return of(configured.canary(), configured.canaryCount(), configured.waves(), configured.maxFailures(),
                configured.wavePause(), configured.tenantsFirst()).configuredCanary();
    }

    /**
     * Reads the options (or their configuration), any of them may be empty.
     *
     * @param canary {@code ID[,ID…]} or {@code label:KEY=VALUE}
     * @param waves e.g. {@code 5,10%,50%,100%}
     * @param maxFailures {@code N} or {@code P%}
     * @throws FleetwayException (exit 2) naming the option whose value cannot be read
     */
    public static Rollout of(Optional<String> canary, Optional<Integer> canaryCount, Optional<String> waves,
            Optional<String> maxFailures, Optional<Duration> pause, boolean tenantsFirst) {
        if (canary.isPresent() && canaryCount.isPresent()) {
            throw FleetwayException.usage("--canary and --canary-count exclude each other — choose one");
        }
        Optional<Canary> chosen = canary.filter(c -> !c.isBlank()).map(Rollout::canary)
                .or(() -> canaryCount.map(n -> {
                    if (n < 1) {
                        throw FleetwayException.usage("--canary-count must be at least 1 (got " + n + ")");
                    }
                    return new Canary.Count(n);
                }));
        List<Step> steps = new ArrayList<>();
        for (String part : waves.filter(w -> !w.isBlank()).map(w -> w.split(",")).orElse(new String[0])) {
            steps.add(amount("--waves", part.strip(), true, s -> new Step(s.amount(), s.percent())));
        }
        boolean staged = chosen.isPresent() || !steps.isEmpty() || maxFailures.isPresent();
        Budget budget = maxFailures.map(m -> amount("--max-failures", m.strip(), false, b -> b))
                .orElse(staged ? new Budget(0, false) : Budget.UNLIMITED);
        return new Rollout(chosen, steps, budget, pause.orElse(Duration.ZERO), tenantsFirst);
    }

    private static Canary canary(String text) {
        if (text.startsWith("label:")) {
            String label = text.substring("label:".length());
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw FleetwayException.usage("--canary '" + text + "' is not label:KEY=VALUE — e.g. --canary"
                        + " label:region=eu");
            }
            return new Canary.Label(label.substring(0, eq).strip(), label.substring(eq + 1).strip());
        }
        return new Canary.Ids(List.of(text.split("\\s*,\\s*")), true);
    }

    /**
     * This rollout with a canary of ids that were configured ({@code fleetway.rollout.canary}), not typed: ids
     * outside a run's selection are left out instead of refused.
     */
    public Rollout configuredCanary() {
        return canary.orElse(null) instanceof Canary.Ids ids
                ? new Rollout(Optional.of(new Canary.Ids(ids.ids(), false)), waves, maxFailures, pause, tenantsFirst)
                : this;
    }

    /** {@code N} or {@code P%}: a whole number at least 1 (0 allowed for a budget), a percentage up to 100. */
    private static <T> T amount(String option, String text, boolean positive,
            java.util.function.Function<Budget, T> make) {
        boolean percent = text.endsWith("%");
        String number = percent ? text.substring(0, text.length() - 1).strip() : text;
        try {
            int n = Integer.parseInt(number);
            if (n >= (positive ? 1 : 0) && (!percent || n <= 100)) {
                return make.apply(new Budget(n, percent));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw FleetwayException.usage(option + " '" + text + "' is not " + (positive ? "a count (1 or more)"
                : "a count (0 or more)") + " or a percentage (e.g. 10%) — e.g. " + (positive ? "--waves 5,10%,100%"
                        : "--max-failures 2 or --max-failures 5%"));
    }
}
