package dev.fleetway.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant as declared by one source, before defaults are applied. Every field but the id may be missing
 * and then falls back to {@code fleetway.tenant-defaults.*}.
 *
 * @param source where it was declared, for messages: {@code configuration}, {@code tenants file PATH} or
 *        {@code tenant query}
 * @param labels its labels, e.g. {@code region=eu}; empty when none
 * @param placeholders its own placeholder values (they win over every other layer); empty when none
 * @param locations where its migrations are, when declared
 */
public record TenantSpec(String id, String source, Optional<String> url, Optional<String> schema,
        Login migrationUser, Login monitorUser, Optional<String> appUser, Map<String, String> labels,
        Map<String, String> placeholders, Optional<List<String>> locations) {

    /** A login as declared: either part may be missing. {@link #toString()} never shows the password. */
    public record Login(Optional<String> username, Optional<String> password) {
        public static final Login NONE = new Login(Optional.empty(), Optional.empty());

        @Override
        public String toString() {
            return username.orElse("-") + ":***";
        }
    }

    public TenantSpec {
        labels = Map.copyOf(labels);
        placeholders = Map.copyOf(placeholders);
    }

    @Override
    public String toString() {
        return "tenant '" + id + "' from " + source;
    }
}
