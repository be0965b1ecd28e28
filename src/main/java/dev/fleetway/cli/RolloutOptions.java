package dev.fleetway.cli;

import java.time.Duration;
import java.util.Optional;

import dev.fleetway.config.FleetwayConfig;
import dev.fleetway.execute.Rollout;
import io.quarkus.runtime.configuration.DurationConverter;
import picocli.CommandLine.Option;

/**
 * The rollout options of {@code upgrade} and {@code migrate}: they order a selection (made with {@code --all},
 * narrowed as usual) into a canary and waves; each falls back to {@code fleetway.rollout.*}.
 */
final class RolloutOptions {
    @Option(names = "--canary", paramLabel = "ID[,ID…]|label:KEY=VALUE",
            description = "Tenants that go first, as their own wave.")
    String canary;

    @Option(names = "--canary-count", paramLabel = "N", description = "The first N tenants (in id order) go first.")
    Integer canaryCount;

    @Option(names = "--waves", paramLabel = "LIST",
            description = "Waves after the canary: counts or cumulative percentages of the rest, e.g. 5,10%%,50%%,100%%.")
    String waves;

    @Option(names = "--max-failures", paramLabel = "N|P%",
            description = "Failures a wave (the canary too) may have before the rollout stops (default 0 when staged).")
    String maxFailures;

    @Option(names = "--wave-pause", paramLabel = "DURATION", converter = dev.fleetway.cli.DurationConverter.class,
            description = "Wait this long between waves.")
    String wavePause;

    @Option(names = "--tenants-first", description = "Migrate the tenants before the default database.")
    boolean tenantsFirst;

    /** The rollout the options give, each missing one taken from {@code fleetway.rollout.*}. */
    Rollout rollout(FleetwayConfig config) {
        FleetwayConfig.Rollout configured = config.rollout();
        boolean fromOptions = canary != null || canaryCount != null;
        Rollout rollout = Rollout.of(Optional.ofNullable(canary).or(() -> fromOptions ? Optional.empty() : configured.canary()),
                Optional.ofNullable(canaryCount).or(() -> fromOptions ? Optional.empty() : configured.canaryCount()),
                Optional.ofNullable(waves).or(configured::waves),
                Optional.ofNullable(maxFailures).or(configured::maxFailures),
                Optional.ofNullable(wavePause).map(p -> new DurationConverter().convert(p)).or(configured::wavePause),
                tenantsFirst || configured.tenantsFirst());
        return fromOptions ? rollout : rollout.configuredCanary();
    }
}
