package dev.fleetway.source;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** How {@code fleetway new} numbers a migration after the ones a folder already has. */
final class NewVersions {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);
    /** Versions below this are counted, not timestamps (a timestamp has at least 10 digits). */
    private static final BigInteger SEQUENTIAL_BELOW = BigInteger.TEN.pow(9);

    private NewVersions() {
    }

    /** The UTC time as {@code yyyyMMddHHmmss}, e.g. {@code 20261123120005}. */
    static String timestamp(Instant now) {
        return TIMESTAMP.format(now);
    }

    /**
     * The next number when every existing version is a plain number below 10^9 (a counted folder), zero-padded to
     * the width of the widest one ({@code 0004} after {@code 0003}); else {@link #timestamp}.
     */
    static String sequentialOrTimestamp(Instant now, List<String> existing) {
        if (existing.isEmpty() || !existing.stream().allMatch(v -> v.matches("\\d{1,18}"))) {
            return timestamp(now);
        }
        BigInteger max = existing.stream().map(BigInteger::new).max(BigInteger::compareTo).orElseThrow();
        if (max.compareTo(SEQUENTIAL_BELOW) >= 0) {
            return timestamp(now);
        }
        int width = existing.stream().mapToInt(String::length).max().orElse(1);
        String next = max.add(BigInteger.ONE).toString();
        return "0".repeat(Math.max(0, width - next.length())) + next;
    }
}
