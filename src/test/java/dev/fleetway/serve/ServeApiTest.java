package dev.fleetway.serve;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
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

/** The HTTP side of serve, in-process: endpoints, token, and that nothing leaks a password. */
@QuarkusTest
class ServeApiTest {
    @Inject
    ServeState state;

    @Test
    void theApiAnswersWithTheAuditAndTheTokenGuardsItButNotTheProbes() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = new HashMap<>(db.env());
            env.put("FLEETWAY_LOCATIONS", "filesystem:" + db.migrations);
            env.put("FLEETWAY_HTTP_TOKEN", "s3cret-token");
            Fleet fleet = new Fleet(new ConfigLoader(env, db.workDir).load(Map.of(), Optional.empty()), state.events());
            state.start(fleet, new Selection(List.of(), true, List.of(), Optional.empty()), 2, ApplyPolicy.PLAIN, false,
                    false);

            given().when().get("/q/health/live").then().statusCode(200);
            // Readiness is this process's, not the fleet's: a target behind does not make serve unready.
            given().when().get("/q/health/ready").then().statusCode(200);
            given().when().get("/api/v1/health/check_up").then().statusCode(503)
                    .body("components[0].error", equalTo("needs-upgrade"));
            given().when().get("/api/v1/migrations").then().statusCode(401);
            given().header("Authorization", "Bearer wrong").when().get("/api/v1/migrations").then().statusCode(401);

            String auth = "Bearer s3cret-token";
            given().header("Authorization", auth).when().get("/api/v1/migrations").then().statusCode(200)
                    .body("targets.target", hasItem("default"))
                    .body("summary.'needs-upgrade'", equalTo(1))
                    .body(not(containsString(db.ownerPassword)));
            given().header("Authorization", auth).when().get("/api/v1/health/check_up").then().statusCode(503)
                    .body("status", equalTo("DOWN")).body("components[0].upToDate", equalTo(false));
            given().header("Authorization", auth).when().get("/api/v1/migrations/nope").then().statusCode(404)
                    .body("error", containsString("unknown target"));
            given().header("Authorization", auth).when().get("/api/v1/migrations/default").then().statusCode(200)
                    .body("command", equalTo("status")).body("targets[0].result.pending", equalTo(10));
            given().header("Authorization", auth).when().get("/api/v1/migrations/default").then().statusCode(200)
                    .body("targets[0].result.migrations[0].error", equalTo(null));
            given().when().get("/api/v1/serve").then().statusCode(401);
            given().header("Authorization", auth).when().get("/api/v1/serve").then().statusCode(200)
                    .body("phase", equalTo("serving")).body("autoMigration", equalTo(null))
                    .body("auditMaxAgeSeconds", equalTo(2));
            // The page itself is open (it holds nothing of the fleet) and may load nothing from elsewhere.
            given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .body(containsString("<script type=\"module\" src=\"dashboard.js\"></script>"))
                    .body(not(containsString("default")));
            for (String file : List.of("dashboard.js", "api.js", "table.js", "chart.js", "detail.js", "format.js",
                    "dashboard.css", "favicon.svg")) {
                given().when().get("/" + file).then().statusCode(200);
            }
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("fleetway_pending_migrations{target=\"default\"} 10.0"))
                    .body(containsString("fleetway_targets{state=\"needs-upgrade\"} 1.0"));
        }
    }
}
