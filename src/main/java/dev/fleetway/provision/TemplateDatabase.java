package dev.fleetway.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Fleet;
import dev.fleetway.execute.Outcome;
import dev.fleetway.report.UpgradeResult;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.source.MigrationSource;
import dev.fleetway.tenant.Target;
import dev.fleetway.tenant.TenantDirectory;

/**
 * The template database new database tenants are copied from: {@code fleetway_template_<hash>}, migrated to the
 * newest version by the same engine as {@code upgrade} and never connected to afterwards (it refuses connections,
 * so a copy never fails on a session left on it). The hash covers what a copy depends on: the migration files
 * (path, content, script configuration; not the down scripts), the placeholder values, and the template's
 * <em>lineage</em>: the server database it is made from, the migration locations, the schema, the history table,
 * the migration user (who will own the copies' objects) and the tenant group. A change to any of them gives
 * another name, so an out-of-date template is never used: the new one is built, then the older ones of the same
 * lineage are dropped. The template is built under a temporary name and renamed when complete, so a template of
 * the right name is always whole. Every step runs under the caller's provisioning lock.
 */
final class TemplateDatabase {
    private static final Logger LOG = Logger.getLogger(TemplateDatabase.class);
    private static final Pattern LINEAGE = Pattern.compile("\\blineage=([0-9a-f]+)\\b");
    private static final String BUILDING = "_building";

    private final String name;
    private final String lineage;

    private TemplateDatabase(String name, String lineage) {
        this.name = name;
        this.lineage = lineage;
    }

    /**
     * The template of a new tenant.
     *
     * @param tenant the tenant (its schema, users, placeholders)
     * @param source its migration files
     * @param locations where they were read from
     * @param server where it is made
     * @param group the tenant's group, if any
     */
    static TemplateDatabase of(Target tenant, MigrationSource source, List<String> locations, String table,
            ConnectionString server, Optional<String> group) {
        Digest lineage = new Digest().add("fleetway template lineage 1").add(server.hosts()).add(server.database())
                .add(String.join(",", locations)).add(tenant.schema()).add(table)
                .add(tenant.migrationLogin().username()).add(group.orElse(""));
        String lineageHash = lineage.hex();
        Digest set = new Digest().add("fleetway template 1").add(lineageHash);
        for (MigrationFile f : source.files()) {
            if (f.kind() != MigrationFile.Kind.UNDO) {
                set.add(f.kind().name()).add(f.relativePath()).add(f.content()).add(f.conf().orElse(""));
            }
        }
        new TreeMap<>(tenant.placeholders()).forEach((k, v) -> set.add(k).add(v));
        return new TemplateDatabase(TenantDirectory.TEMPLATE_PREFIX + set.hex(), lineageHash);
    }

    String name() {
        return name;
    }

    /**
     * Makes sure the template exists, building it first when it does not, then drops the other templates of its
     * lineage (out of date since the files or placeholders changed). The caller holds the provisioning lock.
     *
     * @return whether it was built by this call
     * @throws FleetwayException when building it fails (the partly built database is dropped)
     */
    boolean ensure(ProvisionServer server, Fleet fleet, Target tenant, ApplyPolicy policy) throws SQLException {
        boolean built = false;
        if (!server.databaseExists(name)) {
            build(server, fleet, tenant, policy);
            built = true;
        }
        for (Map.Entry<String, String> t : server.templates().entrySet()) {
            Matcher m = LINEAGE.matcher(t.getValue());
            if (!t.getKey().equals(name) && m.find() && m.group(1).equals(lineage)) {
                try {
                    server.dropDatabase(t.getKey());
                    LOG.infof("dropped %s, the template of an older set of migrations", t.getKey());
                } catch (SQLException e) {
                    LOG.warnf("%s: the out-of-date template %s could not be dropped (%s); drop it by hand",
                            server.describe(), t.getKey(), FleetwayException.firstLine(e.getMessage()));
                }
            }
        }
        return built;
    }

    /** Builds the template under a temporary name, renames it when complete. */
    private void build(ProvisionServer server, Fleet fleet, Target tenant, ApplyPolicy policy) throws SQLException {
        String building = name + BUILDING;
        LOG.infof("building template database %s on %s", name, server.describe());
        server.dropDatabase(building); // what a build that died left (we hold the lock: no build is running)
        server.createDatabase(building, Optional.empty());
        server.comment(building, "fleetway template (building) lineage=" + lineage);
        ConnectionString where = new ConnectionString(tenant.connection().hosts(), building,
                tenant.connection().parameters(), Optional.empty(), Optional.empty());
        // No app or monitor user: the template is the same for every copy; each copy is granted on its own.
        Target template = new Target("template", Target.Kind.TENANT, where, tenant.schema(), tenant.migrationUser(),
                Optional.empty(), Optional.empty(), tenant.labels(), tenant.placeholders(), tenant.locations(),
                Optional.empty());
        Outcome<UpgradeResult> outcome = fleet.upgrade(List.of(template), fleet.runner(1, false), policy).get(0);
        if (outcome.failure().isPresent()) {
            FleetwayException f = outcome.failure().get();
            server.dropDatabase(building);
            throw new FleetwayException(f.exitCode(), "building the template database failed: " + f.getMessage()
                    + " (nothing was created)", f);
        }
        String version = outcome.result().map(UpgradeResult::toVersion).orElse(null);
        server.comment(building, "fleetway template lineage=" + lineage + " version=" + version);
        server.closeToConnections(building);
        server.rename(building, name);
    }

    /** SHA-256 over length-prefixed parts, as hex; the first 64 bits name a template. */
    private static final class Digest {
        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Digest add(String part) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(bytes);
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        }
    }
}
