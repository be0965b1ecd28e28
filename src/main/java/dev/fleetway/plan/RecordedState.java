package dev.fleetway.plan;

import java.util.List;
import java.util.Optional;

/**
 * What another tool recorded as applied in one target, read by {@link StateTables} or {@link HasuraState}. A dirty
 * or failed state is never a value of this type: the readers refuse it.
 *
 * @param where where it was read, for messages, e.g. {@code table public.schema_migrations}
 * @param found whether the state exists at all; when not, nothing is recorded
 * @param upTo golang-migrate's one version: it and every version below it are applied; empty for tools that
 *        record each version
 * @param applied the versions recorded one by one (empty with {@code upTo})
 */
public record RecordedState(String where, boolean found, Optional<String> upTo, List<Entry> applied) {

    public RecordedState {
        applied = List.copyOf(applied);
    }

    /**
     * One recorded version.
     *
     * @param version as recorded, e.g. {@code 20240101120000}
     * @param sha384 sqlx's checksum of the file as it was applied; empty for other tools
     * @param checksum a Flyway history's checksum; empty for other tools
     */
    public record Entry(String version, Optional<byte[]> sha384, Optional<Integer> checksum) {

        static Entry of(String version) {
            return new Entry(version, Optional.empty(), Optional.empty());
        }
    }

    /** No state where it was looked for. */
    static RecordedState absent(String where) {
        return new RecordedState(where, false, Optional.empty(), List.of());
    }

    /** What was recorded, in a few words, e.g. {@code version 2} or {@code 3 version(s)}. */
    public String summary() {
        if (!found) {
            return "nothing recorded";
        }
        return upTo.map(v -> "version " + v).orElse(applied.size() + " version(s)");
    }
}
