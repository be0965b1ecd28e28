package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestFleet;

class FleetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thirtyTenantsFromAllThreeSourcesAreBroughtCurrentAndASecondRunIsANoOp() throws Exception {
        try (TestFleet fleet = new TestFleet(18, 12)) {
            CliResult tenants = fleet.fleetway("tenants", "--format", "json");
            assertThat(tenants.exitCode()).as(tenants.toString()).isZero();
            JsonNode list = tenants.json().get("targets");
            assertThat(list).hasSize(30);
            assertThat(list.findValuesAsText("source")).anyMatch(s -> s.equals("configuration"))
                    .anyMatch(s -> s.startsWith("tenants file")).anyMatch(s -> s.equals("tenant query"));
            assertThat(tenants.out()).doesNotContain(fleet.ownerPassword);

            CliResult first = fleet.fleetway("upgrade", "--all", "--parallel", "4", "--format", "json");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            JsonNode report = JSON.readTree(first.out());
            assertThat(report.get("summary").get("targets").asInt()).isEqualTo(31);
            assertThat(report.get("summary").get("ok").asInt()).isEqualTo(31);
            List<String> order = new ArrayList<>();
            report.get("targets").forEach(t -> order.add(t.get("target").asText()));
            assertThat(order.get(0)).isEqualTo("default");
            assertThat(order.subList(1, order.size())).isSorted();

            CliResult second = fleet.fleetway("upgrade", "--all");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(second.out()).contains("31 targets, 0 ok, 31 current, 0 failed");

            for (String id : fleet.tenantIds) {
                assertThat(fleet.queryTenant(id, "SELECT count(*) FROM flyway_schema_history WHERE success"
                        + " AND version IS NOT NULL AND type = 'SQL'")).as(id).containsExactly("9");
            }

            JsonNode audit = JSON.readTree(fleet.fleetway("audit").out());
            assertThat(audit.get("summary").get("current").asInt()).isEqualTo(31);
            assertThat(audit.get("targets").findValuesAsText("status")).hasSize(31).containsOnly("current");
            assertThat(audit.get("targets").findValues("appUserGrantsOk")).allMatch(JsonNode::asBoolean);

            CliResult table = fleet.fleetway("audit", "--format", "table", "--fail-on", "any");
            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.out()).contains("TARGET", "STATUS", "sc11", "db17", "31 targets, 31 current");
        }
    }

    @Test
    void aTenantWithABrokenMigrationFailsAloneAndTheRunExits6NamingTenantAndFile() throws Exception {
        try (TestFleet fleet = new TestFleet(3, 2)) {
            assertThat(fleet.fleetway("upgrade", "--all").exitCode()).isZero();
            for (String id : fleet.tenantIds) {
                if (!id.equals("db1")) {
                    fleet.executeInTenant(id, "CREATE TABLE legacy_flags (flag text)");
                }
            }
            java.nio.file.Files.writeString(fleet.migrations.resolve("V10__import_legacy_flags.sql"),
                    "CREATE TABLE flags AS SELECT flag FROM legacy_flags;\n");
            CliResult run = fleet.fleetway("upgrade", "--tenant", "db0", "--tenant", "db1", "--tenant", "db2",
                    "--tenant", "sc0", "--tenant", "sc1");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
            assertThat(run.out()).contains("FAILED", "tenant 'db1'", "V10__import_legacy_flags.sql",
                    "5 targets, 4 ok, 0 current, 1 failed");
            assertThat(run.err()).contains("tenant 'db1'", "V10__import_legacy_flags.sql");

            JsonNode audit = JSON.readTree(fleet.fleetway("audit", "--all").out());
            Map<String, String> status = new HashMap<>();
            audit.get("targets").forEach(t -> status.put(t.get("target").asText(), t.get("outcome").asText()));
            assertThat(status).containsEntry("db1", "failed").containsEntry("db0", "current")
                    .containsEntry("default", "needs-upgrade");
            assertThat(fleet.fleetway("audit", "--fail-on", "failed").exitCode()).isEqualTo(7);
            assertThat(fleet.fleetway("audit", "--tenant", "db0", "--fail-on", "failed").exitCode()).isZero();
            CliResult status1 = fleet.fleetway("status", "--tenant", "db1", "--format", "json");
            assertThat(status1.result().get("failed").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableTenantIsReportedByAuditAndTheRestIsMigrated() throws Exception {
        try (TestFleet fleet = new TestFleet(2, 1)) {
            Map<String, String> env = new HashMap<>(fleet.env());
            int closed;
            try (var socket = new java.net.ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            env.put("FLEETWAY_TENANTS_GHOST_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/gone");
            CliResult upgrade = fleet.fleetwayWith(env, "upgrade", "--all", "--connect-timeout", "1s");
            assertThat(upgrade.exitCode()).as(upgrade.toString()).isEqualTo(6);
            assertThat(upgrade.out()).contains("tenant 'ghost'", "exit 3", "5 targets, 4 ok, 0 current, 1 failed");
            CliResult audit = fleet.fleetwayWith(env, "audit", "--connect-timeout", "1s");
            assertThat(audit.exitCode()).as(audit.toString()).isZero();
            JsonNode ghost = null;
            for (JsonNode t : JSON.readTree(audit.out()).get("targets")) {
                if (t.get("target").asText().equals("ghost")) {
                    ghost = t;
                }
            }
            assertThat(ghost).isNotNull();
            assertThat(ghost.get("outcome").asText()).isEqualTo("unreachable");
            assertThat(ghost.get("result").get("reachable").asBoolean()).isFalse();
            assertThat(ghost.get("error").asText()).contains("127.0.0.1:" + closed);
            assertThat(fleet.fleetwayWith(env, "audit", "--connect-timeout", "1s", "--fail-on", "any").exitCode())
                    .isEqualTo(7);
            CliResult alone = fleet.fleetwayWith(env, "upgrade", "--tenant", "ghost", "--connect-timeout", "1s");
            assertThat(alone.exitCode()).isEqualTo(3);
        }
    }

    @Test
    void shardsSplitTheFleetIntoDisjointPartsWhoseUnionIsTheFleet() throws Exception {
        try (TestFleet fleet = new TestFleet(4, 5)) {
            Set<String> union = new HashSet<>();
            int sizes = 0;
            for (int i = 0; i < 3; i++) {
                CliResult shard = fleet.fleetway("audit", "--all", "--shard", i + "/3");
                assertThat(shard.exitCode()).as(shard.toString()).isZero();
                List<String> ids = new ArrayList<>();
                JSON.readTree(shard.out()).get("targets").forEach(t -> ids.add(t.get("target").asText()));
                sizes += ids.size();
                union.addAll(ids);
            }
            Set<String> expected = new HashSet<>(fleet.tenantIds);
            expected.add("default");
            assertThat(union).isEqualTo(expected);
            assertThat(sizes).isEqualTo(expected.size());
            assertThat(fleet.fleetway("upgrade", "--all", "--shard", "3/3").exitCode()).isEqualTo(2);
        }
    }

    @Test
    void unknownAndDuplicateTenantsAreConfigurationErrors() throws Exception {
        try (TestFleet fleet = new TestFleet(1, 1)) {
            CliResult unknown = fleet.fleetway("upgrade", "--tenant", "nope");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("unknown tenant 'nope'", "known: default, db0, sc0");

            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("FLEETWAY_TENANTS_DB0_SCHEMA", "other");
            java.nio.file.Files.writeString(fleet.workDir.resolve("tenants.yaml"),
                    "tenants:\n  db0: {schema: elsewhere}\n");
            CliResult dup = fleet.fleetwayWith(env, "tenants");
            assertThat(dup.exitCode()).as(dup.toString()).isEqualTo(2);
            assertThat(dup.err()).contains("tenant 'db0' is declared twice", "configuration", "tenants file");
        }
    }
}
