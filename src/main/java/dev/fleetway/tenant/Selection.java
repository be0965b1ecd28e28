package dev.fleetway.tenant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.fleetway.FleetwayException;

/**
 * Which targets a command works on. Two options choose targets and exclude each other: {@code --tenant ID}
 * (repeatable): those tenants; {@code --all}: the default database (when configured) and every tenant. No
 * chooser: the default database. Options that narrow a choice combine with either: {@code --exclude ID} removes
 * targets, {@code --shard I/N} keeps one part of what is left; without {@code --tenant} either of them works on
 * the whole fleet, as if {@code --all} were given (a shard of "just the default database" would silently select
 * nothing in most pods of an Indexed Job); {@code --label KEY=VALUE} (repeatable, all must match) keeps the
 * tenants that have those labels, and the default database, which has none ({@code --exclude default} removes
 * it). Which targets are behind ({@code --only}) is read live, by the fleet, after this selection.
 *
 * @param labels the labels a tenant must all have; empty for none
 */
public record Selection(List<String> tenants, boolean all, List<String> excludes, Optional<Shard> shard,
        Map<String, String> labels) {

    /**
     * @throws FleetwayException (exit 2) when both {@code --tenant} and {@code --all} choose targets: they exclude
     *         each other ({@code --exclude} and {@code --shard} narrow either)
     */
    public Selection(List<String> tenants, boolean all, List<String> excludes, Optional<Shard> shard) {
        this(tenants, all, excludes, shard, Map.of());
    }

    public Selection {
        labels = Map.copyOf(labels);
        if (all && !tenants.isEmpty()) {
            throw FleetwayException.usage("--tenant and --all both choose targets and exclude each other — use"
                    + " --all alone (narrowed with --exclude or --shard), or only --tenant ID");
        }
    }

    public static final Selection DEFAULT_ONLY = new Selection(List.of(), false, List.of(), Optional.empty());

    /** The same selection with {@code --all}. */
    public Selection withAll() {
        return new Selection(tenants, true, excludes, shard, labels);
    }

    /** Whether this selects beyond the default database (so results are reported as a fleet). */
    public boolean isFleet() {
        return all || !tenants.isEmpty() || shard.isPresent() || !excludes.isEmpty() || !labels.isEmpty();
    }

    /** Whether the command needs the tenant list at all. */
    public boolean needsTenants() {
        return all || !tenants.isEmpty();
    }

    /**
     * Applies the selection, keeping the order given (default database first, then tenants by id).
     *
     * @param defaultTarget the default database, empty when none is configured
     * @throws FleetwayException (exit 2) for an unknown id, listing up to 20 known ones, or an empty result
     */
    public List<Target> apply(Optional<Target> defaultTarget, List<Target> tenantTargets) {
        Set<String> known = new LinkedHashSet<>();
        defaultTarget.ifPresent(t -> known.add(t.id()));
        tenantTargets.forEach(t -> known.add(t.id()));
        for (String id : concat(tenants, excludes)) {
            if (!known.contains(id)) {
                String list = known.stream().limit(20).collect(Collectors.joining(", "));
                throw FleetwayException.usage("unknown tenant '" + id + "' — known: " + (list.isEmpty() ? "none" : list)
                        + (known.size() > 20 ? ", … (" + known.size() + " in all; see 'fleetway tenants')" : ""));
            }
        }
        boolean everything = all || tenants.isEmpty();
        List<Target> chosen = new ArrayList<>();
        if (everything) {
            defaultTarget.ifPresent(chosen::add);
        }
        for (Target t : tenantTargets) {
            if (everything || tenants.contains(t.id())) {
                chosen.add(t);
            }
        }
        chosen.removeIf(t -> excludes.contains(t.id()) || shard.map(s -> !s.contains(t.id())).orElse(false)
                || t.kind() == Target.Kind.TENANT && !t.labels().entrySet().containsAll(labels.entrySet()));
        if (chosen.isEmpty() && !shard.isPresent()) {
            throw FleetwayException.usage("nothing selected — configure the default database or tenants, or check"
                    + " --tenant/--exclude/--label");
        }
        return chosen;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
