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
 */
public record ExpectedHistory(Map<String, Integer> versioned, Map<String, Integer> repeatable, String latest) {

    static ExpectedHistory of(MigrationSource source) {
        Map<String, Integer> versioned = new TreeMap<>();
        Map<String, Integer> repeatable = new TreeMap<>();
        MigrationVersion latest = null;
        for (MigrationFile f : source.files()) {
            int checksum = ChecksumCalculator.calculate(MigrationResources.resource(f));
            if (f.kind() == MigrationFile.Kind.VERSIONED) {
                MigrationVersion v = MigrationVersion.fromVersion(f.version().orElseThrow());
                versioned.put(v.getVersion(), checksum);
                latest = latest == null || v.isNewerThan(latest) ? v : latest;
            } else if (f.kind() == MigrationFile.Kind.REPEATABLE) {
                repeatable.put(f.description(), checksum);
            }
        }
        return new ExpectedHistory(Map.copyOf(versioned), Map.copyOf(repeatable),
                latest == null ? null : latest.getVersion());
    }
}
