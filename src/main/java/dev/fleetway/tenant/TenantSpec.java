package dev.fleetway.tenant;

import java.util.Optional;

/**
 * A tenant as declared by one source, before defaults are applied. Every field but the id may be missing
 * and then falls back to {@code fleetway.tenant-defaults.*}.
 *
 * @param source where it was declared, for messages: {@code configuration}, {@code tenants file PATH} or
 *        {@code tenant query}
 */
public record TenantSpec(String id, String source, Optional<String> url, Optional<String> schema,
        Optional<String> username, Optional<String> password, Optional<String> appUser) {

    @Override
    public String toString() {
        return "tenant '" + id + "' from " + source;
    }
}
