package dev.fleetway.source;

import java.util.Optional;

/**
 * Which layout a run reads its folder with, as configured ({@code --layout}, {@code fleetway.layout},
 * {@code fleetway.custom-layout.*}); {@link Layouts#resolve} turns it into a {@link Layout}.
 *
 * @param name one of {@link Layouts#NAMES}; {@code auto} decides from the files
 * @param custom the custom layout, when one is declared
 */
public record LayoutChoice(String name, Optional<CustomLayoutSpec> custom) {

    /** {@code auto} without a custom layout: decide from the files. */
    public static LayoutChoice auto() {
        return new LayoutChoice(Layouts.AUTO, Optional.empty());
    }

    /** A named layout. */
    public static LayoutChoice of(String name) {
        return new LayoutChoice(name, Optional.empty());
    }
}
