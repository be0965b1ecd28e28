package dev.fleetway.tenant;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import dev.fleetway.FleetwayException;

/**
 * One of N disjoint parts of a fleet, {@code --shard I/N} with {@code 0 <= I < N}, for a Kubernetes Indexed
 * Job ({@code $JOB_COMPLETION_INDEX}). A target belongs to the shard {@code crc32(id) mod N}: stable across
 * runs, machines and versions, and independent of which other targets exist.
 */
public record Shard(int index, int count) {

    /**
     * Parses {@code I/N}.
     *
     * @throws FleetwayException (exit 2) for anything else
     */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0].strip());
                int count = Integer.parseInt(parts[1].strip());
                if (count >= 1 && index >= 0 && index < count) {
                    return new Shard(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw FleetwayException.usage("--shard '" + text + "' is not I/N with 0 <= I < N — e.g. --shard 0/4"
                + " for the first of four shards");
    }

    public boolean contains(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
