package dev.fleetway.serve;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fleetway.config.ConfigLoader;
import dev.fleetway.execute.ApplyPolicy;
import dev.fleetway.execute.Fleet;
import dev.fleetway.tenant.Selection;
import dev.fleetway.testing.TestDatabase;

import io.quarkus.test.junit.QuarkusTest;

/** serve's drift: {@code /api/v1/drift} and {@code fleetway_drift_objects}, only with a development database. */
@QuarkusTest
class DriftApiTest {
    @Inject
    ServeState state;

    @Inject
    DriftMonitor monitor;

    @Test
    void withADevelopmentDatabaseTheApiServesTheDriftEnvelopeAndTheMetricCountsEachTargetsDifferences()
            throws Exception {
        try (TestDatabase db = new TestDatabase(); TestDatabase dev = new TestDatabase()) {
            assertZero(db.fleetway("upgrade").exitCode());
            try (var c = db.connectAsOwner(); var s = c.createStatement()) {
                s.execute("CREATE INDEX invoices_due_idx ON invoices (due_at)");
            }
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCATIONS", "filesystem:" + db.migrations);
            env.put("FLEETWAY_DEV_URL", dev.url());
            serve(db, env);

            given().when().get("/api/v1/drift").then().statusCode(200)
                    .body("command", equalTo("drift"))
                    .body("summary.drifted", equalTo(1))
                    .body("targets[0].outcome", equalTo("drifted"))
                    .body("targets[0].result.differences[0].name", equalTo("invoices_due_idx"))
                    .body("targets[0].result.differences[0].change", equalTo("added"))
                    .body(not(containsString(dev.ownerPassword)));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("fleetway_drift_objects{target=\"default\"} 1.0"));
        }
    }

    @Test
    void withoutADevelopmentDatabaseServeChecksNoDriftAndSaysHowToTurnItOn() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCATIONS", "filesystem:" + db.migrations);
            serve(db, env);
            given().when().get("/api/v1/drift").then().statusCode(404)
                    .body("error", containsString("set fleetway.dev-url"));
        }
    }

    private void serve(TestDatabase db, Map<String, String> env) {
        Fleet fleet = new Fleet(new ConfigLoader(env, db.workDir).load(Map.of(), Optional.empty()), state.events());
        state.start(fleet, new Selection(List.of(), false, List.of(), Optional.empty()), 2, ApplyPolicy.PLAIN, false,
                false);
        monitor.start();
    }

    private static void assertZero(int code) {
        org.assertj.core.api.Assertions.assertThat(code).isZero();
    }
}
