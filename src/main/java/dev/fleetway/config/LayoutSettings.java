package dev.fleetway.config;

import java.util.List;
import java.util.Optional;

import dev.fleetway.source.CustomLayoutSpec;
import dev.fleetway.source.LayoutChoice;

/** The layout a configuration chooses ({@code fleetway.layout} and {@code fleetway.custom-layout.*}). */
public final class LayoutSettings {
    private LayoutSettings() {
    }

    /** The configured choice; the custom layout is declared when {@code fleetway.custom-layout.up} is set. */
    public static LayoutChoice of(FleetwayConfig config) {
        FleetwayConfig.CustomLayout c = config.customLayout();
        Optional<CustomLayoutSpec> custom = c.up().filter(up -> !up.isBlank()).map(up -> new CustomLayoutSpec(up,
                c.down(), c.upMarker(), c.downMarker(), c.nonTransactionalSuffix(), c.nonTransactionalMarker(),
                c.dialect(), c.otherDialects().orElse(List.of())));
        return new LayoutChoice(config.layout(), custom);
    }
}
