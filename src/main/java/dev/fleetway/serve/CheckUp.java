package dev.fleetway.serve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/health/check_up}: the overall status and one entry per component.
 *
 * @param status {@code UP} when every component is reachable, up to date and (where checked) the app user
 *        can log in; {@code DOWN} otherwise
 */
@RegisterForReflection
@JsonPropertyOrder({ "status", "phase", "components" })
public record CheckUp(String status, String phase, List<Component> components) {

    /**
     * @param appUserConnectionOk whether the app user could log in; null when its password is not configured
     *        (Fleetway never needs it otherwise) or the target is unreachable
     * @param error why the component is not fine; null when it is
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "target", "kind", "reachable", "currentVersion", "upToDate", "appUserConnectionOk", "error" })
    public record Component(String target, String kind, boolean reachable, String currentVersion, boolean upToDate,
            Boolean appUserConnectionOk, String error) {

        boolean fine() {
            return reachable && upToDate && !Boolean.FALSE.equals(appUserConnectionOk);
        }
    }
}
