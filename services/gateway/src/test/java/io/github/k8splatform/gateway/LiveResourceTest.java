package io.github.k8splatform.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.k8splatform.gateway.live.TrafficProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * GET /api/live against a real upstream on 127.0.0.1 that answers every service's info from two
 * pods: the stream shows both pods and both versions, the probe sends only while a page watches,
 * and the number of watchers is bounded.
 */
@QuarkusTest
@QuarkusTestResource(value = LiveResourceTest.Upstreams.class, restrictToAnnotatedClass = true)
class LiveResourceTest {

    static UpstreamStub upstream;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/live")
    URI live;

    @Inject
    TrafficProbe probe;

    /** The stub as every service, and at most two live pages. */
    public static class Upstreams implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            upstream = UpstreamStub.started();
            return Map.of("quarkus.rest-client.catalog.url", upstream.url(),
                    "quarkus.rest-client.orders.url", upstream.url(),
                    "quarkus.rest-client.logs.url", upstream.url(),
                    "quarkus.rest-client.gateway.url", upstream.url(),
                    "app.live.max-watchers", "2");
        }

        @Override
        public void stop() {
            upstream.close();
        }
    }

    @Test
    void theStreamShowsWhichPodsAndVersionsAnswerEachService() throws Exception {
        upstream.infoVersionB = "1.0.1";
        try (Stream stream = Stream.open(live)) {
            JsonNode page = stream.until(p -> orders(p).path("pods").size() == 2, 30);
            JsonNode orders = orders(page);
            Set<String> pods = new HashSet<>();
            orders.path("pods").forEach(p -> pods.add(p.path("pod").asText() + "@" + p.path("version").asText()));
            assertEquals(Set.of("orders-a@1.0.0", "orders-b@1.0.1"), pods);
            assertEquals(4, page.path("traffic").size(), "one entry per service: " + page.path("traffic"));
            JsonNode settled = stream.until(p -> orders(p).path("answers").asLong() >= 20, 30);
            JsonNode o = orders(settled);
            assertEquals(0, o.path("failures").asLong(), o.toString());
            assertTrue(o.path("p50Ms").isNumber() && o.path("p95Ms").asDouble() >= o.path("p50Ms").asDouble(), o.toString());
            assertTrue(o.path("versionsPerSecond").has("1.0.1"), o.toString());
            assertEquals("gateway", settled.path("streamedBy").path("service").asText());
        } finally {
            upstream.infoVersionB = "1.0.0";
        }
    }

    @Test
    void nothingIsSentWhenNoPageWatches() throws Exception {
        try (Stream stream = Stream.open(live)) {
            stream.until(p -> orders(p).path("answers").asLong() > 0, 30);
        }
        Thread.sleep(1500);
        int after = upstream.infoCalls.get();
        Thread.sleep(1500);
        assertEquals(after, upstream.infoCalls.get(), "the probe kept sending after the last page closed");
    }

    @Test
    void aThirdPageIsRefusedWithAProblem() throws Exception {
        // Streams an earlier test closed leave asynchronously: start from no watcher (at most 5 s).
        for (int i = 0; i < 50 && !probe.accepts(1); i++) {
            Thread.sleep(100);
        }
        assertTrue(probe.accepts(1), "pages of earlier tests still watch");
        try (Stream first = Stream.open(live); Stream second = Stream.open(live)) {
            first.until(p -> true, 10);
            second.until(p -> true, 10);
            given().when().get("/api/live").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:problem:too-many-watchers"));
        }
    }

    private static JsonNode orders(JsonNode page) {
        for (JsonNode service : page.path("traffic")) {
            if (service.path("service").asText().equals("orders")) {
                return service;
            }
        }
        throw new AssertionError("no orders in " + page);
    }

    /** One open event stream, read line by line; closing it is a page closing. */
    private record Stream(HttpResponse<java.io.InputStream> response, BufferedReader lines) implements AutoCloseable {

        static Stream open(URI uri) throws IOException, InterruptedException {
            HttpResponse<java.io.InputStream> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            return new Stream(response, new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
        }

        /** The first event that matches, reading at most maxEvents events (one a second). */
        JsonNode until(Predicate<JsonNode> wanted, int maxEvents) throws IOException {
            List<String> seen = new ArrayList<>();
            for (int events = 0; events < maxEvents; ) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("data:")) {
                    events++;
                    JsonNode page = JSON.readTree(line.substring(5));
                    seen.add(line.length() > 200 ? line.substring(0, 200) : line);
                    if (wanted.test(page)) {
                        return page;
                    }
                }
            }
            throw new AssertionError("no matching event in " + seen.size() + " events; last: "
                    + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1)));
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
