package dev.fleetway.source;

import java.util.List;
import java.util.Optional;

/**
 * A layout declared in configuration ({@code fleetway.custom-layout.*}), for folders no named layout reads. See
 * {@link CustomLayout} for how each setting is read, and docs/configuration.md for worked examples.
 *
 * @param up the pattern of up scripts, e.g. {@code {version}_{name}.up.sql} or {@code {version}-{name}/apply.sql};
 *        {@code regex:…} for a regular expression with the named groups {@code version}, {@code name} and
 *        {@code dialect}
 * @param down the pattern of down scripts; empty when there are none, or when markers split one file
 * @param upMarker with {@code downMarker}: the line that starts the up section of a file holding both directions
 * @param downMarker the line that starts the down section
 * @param nonTransactionalSuffix text at the end of a file's name before {@code .sql} (e.g. {@code .notx}) that runs
 *        it outside a transaction
 * @param nonTransactionalMarker a line (e.g. {@code -- +goose NO TRANSACTION}) that runs the file's scripts outside
 *        a transaction
 * @param dialect the dialect whose files are read, matched by {@code {dialect}} in the patterns; a file of this
 *        dialect is preferred over a generic file (no dialect) of the same version
 * @param otherDialects the other dialects {@code {dialect}} matches, whose files are skipped
 */
public record CustomLayoutSpec(String up, Optional<String> down, Optional<String> upMarker,
        Optional<String> downMarker, Optional<String> nonTransactionalSuffix, Optional<String> nonTransactionalMarker,
        Optional<String> dialect, List<String> otherDialects) {

    public CustomLayoutSpec {
        otherDialects = List.copyOf(otherDialects);
    }
}
