package dev.fleetway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.fleetway.db.AdvisoryLock;
import dev.fleetway.testing.CliResult;
import dev.fleetway.testing.TestDatabase;

/** What the dashboard reads besides the counts: the last applied migration, the lock holder, a failure's error. */
class AuditDetailsTest {

    @Test
    void auditNamesTheLastAppliedMigrationAndTheSessionHoldingTheTargetsLock() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Instant before = Instant.now().minusSeconds(60);
            assertThat(db.fleetway("upgrade").exitCode()).isZero();
            JsonNode row = audit(db);
            assertThat(row.get("lastApplied").asText()).isEqualTo("R__account_billing_summary.sql");
            assertThat(Instant.parse(row.get("lastAppliedAt").asText()))
                    .isBetween(before, Instant.now().plusSeconds(60));
            assertThat(row.get("lockHolder").isNull()).isTrue();

            try (Connection c = db.connectAsOwner(); Statement s = c.createStatement()) {
                s.execute("SET application_name = 'nightly-job'");
                int pid;
                try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
                try (AdvisoryLock lock = AdvisoryLock.acquire(c, db.name, "public", "test", Duration.ofSeconds(5),
                        holder -> { })) {
                    JsonNode holder = audit(db).get("lockHolder");
                    assertThat(holder.get("pid").asInt()).isEqualTo(pid);
                    assertThat(holder.get("applicationName").asText()).isEqualTo("nightly-job");
                    assertThat(holder.get("description").asText()).startsWith("pid " + pid
                            + " (application_name 'nightly-job', client ");
                    assertThat(Instant.parse(holder.get("connectedSince").asText())).isBetween(before, Instant.now());
                }
            }
            assertThat(audit(db).get("lockHolder").isNull()).as("the lock is released").isTrue();
        }
    }

    @Test
    void statusGivesAFailedMigrationsRecordedErrorApartFromItsDescription() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(db.fleetway("upgrade").exitCode()).isZero(); // a failed fresh install would record nothing
            Files.writeString(db.migrations.resolve("V10__add_webhooks.sql"),
                    "SELECT 1;\nCRATE TABLE webhooks (id int);\n");
            assertThat(db.fleetway("upgrade").exitCode()).isEqualTo(1);
            CliResult status = db.fleetway("status", "--format", "json");
            JsonNode failed = null;
            for (JsonNode m : status.json().get("targets").get(0).get("result").get("migrations")) {
                assertThat(m.has("error")).isTrue();
                if (m.get("database").asText().equals("failed")) {
                    failed = m;
                } else {
                    assertThat(m.get("error").isNull()).isTrue();
                }
            }
            assertThat(failed.get("version").asText()).isEqualTo("10");
            assertThat(failed.get("error").asText())
                    .isEqualTo("ERROR: syntax error at or near \"CRATE\" (SQLSTATE 42601) at line 2");
            assertThat(failed.get("description").asText())
                    .isEqualTo("add webhooks [failed: " + failed.get("error").asText() + "]");
            // the failed row is not "applied": the last is the first run's last (its repeatable script runs last)
            assertThat(audit(db).get("lastApplied").asText()).isEqualTo("R__account_billing_summary.sql");
        }
    }

    private static JsonNode audit(TestDatabase db) {
        CliResult audit = db.fleetway("audit");
        return audit.json().get("targets").get(0).get("result");
    }
}
