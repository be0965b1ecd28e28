package dev.fleetway.flyway;

import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;

import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;

/**
 * What the history of an up-to-date target holds, computed once per run from the files with Flyway's own
 * checksum: every versioned file's version and checksum, and every repeatable file's description and
 * checksum. It lets a fleet run tell "nothing to do" from one query per target, without building a Flyway
 * per target; anything it cannot confirm goes the full Flyway way.
 *
 * @param versioned checksum by version
 * @param repeatable checksum by description
 * @param latest the highest version; null when there are no versioned files
 * @param ambiguous two files share a version (or a repeatable description): no history can be confirmed
 *        from the files alone, so every target takes the full Flyway path, which reports the clash
 */
public record ExpectedHistory(Map<String, Integer> versioned, Map<String, Integer> repeatable, String latest,
        boolean ambiguous) {

    static ExpectedHistory of(MigrationSource source) {
        Map<String, Integer> versioned = new TreeMap<>();
        Map<String, Integer> repeatable = new TreeMap<>();
        MigrationVersion latest = null;
        boolean ambiguous = false;
        for (MigrationFile f : source.files()) {
            int checksum = ChecksumCalculator.calculate(MigrationResources.resource(f));
            if (f.kind() == MigrationFile.Kind.VERSIONED) {
                MigrationVersion v = MigrationVersion.fromVersion(f.version().orElseThrow());
                ambiguous |= versioned.put(v.getVersion(), checksum) != null;
                latest = latest == null || v.isNewerThan(latest) ? v : latest;
            } else if (f.kind() == MigrationFile.Kind.REPEATABLE) {
                ambiguous |= repeatable.put(f.description(), checksum) != null;
            }
        }
        return new ExpectedHistory(Map.copyOf(versioned), Map.copyOf(repeatable),
                latest == null ? null : latest.getVersion(), ambiguous);
    }
}
