package io.github.k8splatform.gateway.workloads;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.path.json.JsonPath;
import java.util.function.Predicate;

/** Waiting for GET /api/workloads to show something: the informers and the list cache are asynchronous. */
final class Snapshots {

    /** How long the gateway may take to see what the server has: informers and the 5 s list cache, on a busy machine. */
    private static final long WAIT_MILLIS = 15_000;

    private Snapshots() {
    }

    /** Asks every 100 ms until the snapshot is available and the condition holds, for at most WAIT_MILLIS. */
    static JsonPath awaitSnapshot(String what, Predicate<JsonPath> condition) {
        return await(what, json -> json.getBoolean("available") && condition.test(json));
    }

    /** Asks every 100 ms until the snapshot is unavailable for a reason that contains {@code cause}; returns the reason. */
    static String awaitUnavailable(String cause) {
        return await("unavailable because of " + cause, json -> {
            assertFalse(json.getBoolean("available"), "no API is usable here");
            return json.getString("reason").contains(cause);
        }).getString("reason");
    }

    private static JsonPath await(String what, Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/api/workloads").then().statusCode(200).contentType("application/json").extract().asString();
            JsonPath json = JsonPath.from(last);
            if (condition.test(json)) {
                return json;
            }
            sleep(100);
        }
        throw new AssertionError("within " + WAIT_MILLIS + " ms the snapshot never showed " + what + "; the last one: " + last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
