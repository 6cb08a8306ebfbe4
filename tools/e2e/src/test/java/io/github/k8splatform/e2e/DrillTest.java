package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The drill's pure parts: the verdict on answers and versions, percentiles, N+1, and the report it renders. */
class DrillTest {

    static final String OVERVIEW_UP = """
            {"catalog":{"status":"up","value":{"productCount":8}},"orders":{"status":"up","value":{"orderCount":3}},
             "report":{"status":"empty","error":"no report yet"}}""";

    @Test
    void theOverviewIsRightOnlyWhenEveryUpstreamAnswered() {
        assertNull(Drill.wrongBody("gateway", OVERVIEW_UP));
        assertEquals("wrong body: overview orders down",
                Drill.wrongBody("gateway", OVERVIEW_UP.replace("\"orders\":{\"status\":\"up\"", "\"orders\":{\"status\":\"down\"")));
        assertEquals("wrong body: overview report down",
                Drill.wrongBody("gateway", OVERVIEW_UP.replace("\"status\":\"empty\"", "\"status\":\"down\"")));
        assertEquals("wrong body: overview catalog missing, orders missing, report missing", Drill.wrongBody("gateway", "{}"));
        assertEquals("wrong body: not JSON", Drill.wrongBody("gateway", "<html>"));
    }

    @Test
    void aProductPageNeedsProductsAndAnOrderNeedsItsId() {
        assertNull(Drill.wrongBody("catalog", "{\"items\":[{\"sku\":\"MUG-1\"}],\"page\":0,\"size\":5,\"total\":1}"));
        assertEquals("wrong body: no products", Drill.wrongBody("catalog", "{\"items\":[],\"total\":0}"));
        assertNull(Drill.wrongBody("orders", "{\"id\":12,\"sku\":\"MUG-1\",\"quantity\":1}"));
        assertEquals("wrong body: no order id", Drill.wrongBody("orders", "{\"sku\":\"MUG-1\"}"));
    }

    /** Logs take reads only with a read token; their answer must be a list of lines, even an empty one. */
    @Test
    void logsAreReadWithATokenAndAnswerALineList() {
        assertEquals(List.of("gateway", "catalog"), Drill.readTargets(null));
        assertEquals(List.of("gateway", "catalog", "logs"), Drill.readTargets("token"));
        assertNull(Drill.wrongBody("logs", "{\"items\":[]}"));
        assertEquals("wrong body: no items", Drill.wrongBody("logs", "{\"type\":\"urn:problem:unauthorized\"}"));
    }

    @Test
    void aSampleWithAWrongBodyFailsAndIsCountedByItsCause() {
        Drill.Sample wrong = new Drill.Sample(0, false, "gateway", 200, 5, "1.0.0", "gw-1",
                "wrong body: overview orders down", "k", "", 0);
        Drill.Sample right = new Drill.Sample(10, false, "gateway", 200, 5, "1.0.0", "gw-1", null, "k", "", 0);
        assertFalse(wrong.ok());
        assertTrue(right.ok());
        Drill.Result result = new Drill.Result(List.of(wrong, right), 0, 0, Instant.EPOCH);
        assertEquals(1, result.failed());
        assertFalse(result.passed());
        assertTrue(result.summary().contains("{wrong body: overview orders down=1}"), result.summary());
    }

    @Test
    void theVerdictOnVersionsLooksAtTheLastFiveSecondsOrAtEveryAnswer() {
        List<Drill.Sample> rollout = List.of(order(0, "1.0.0"), order(4_000, "1.0.1"), order(6_000, "1.0.0"),
                order(9_000, "1.0.1"), order(12_000, "1.0.1"));
        Drill.Result result = new Drill.Result(rollout, 0, 0, Instant.EPOCH);
        assertEquals(List.of(), result.expectFinal("orders", "1.0.1"));
        assertEquals(List.of("orders should have answered only as 1.0.2 in the last 5 s; it answered {1.0.1=2}"),
                result.expectFinal("orders", "1.0.2"));
        assertEquals(List.of("orders should have answered only as 1.0.0 throughout; it answered {1.0.0=2, 1.0.1=3}"),
                result.expectOnly("orders", "1.0.0"));
        assertEquals(List.of("catalog should have answered only as 1.0.0 throughout; it answered not at all"),
                result.expectOnly("catalog", "1.0.0"));
        assertEquals(List.of(), new Drill.Result(List.of(order(0, "1.0.0"), order(9_000, "1.0.0")), 0, 0, Instant.EPOCH)
                .expectOnly("orders", "1.0.0"));
    }

    @Test
    void versionsOverTimeCountsEachBucketsAnswersByServiceVersionAndFailuresApart() {
        Drill.Sample failed = new Drill.Sample(7_000, false, "catalog", 502, 5, null, null, null, "k", "", 0);
        Drill.Result result = new Drill.Result(List.of(order(0, "1.0.0"), order(4_999, "1.0.0"), order(5_000, "1.0.1"),
                failed, order(12_000, "1.0.1")), 0, 0, Instant.EPOCH);
        assertEquals(Map.of(0L, Map.of("orders 1.0.0", 2L), 5L, Map.of("orders 1.0.1", 1L, "failed", 1L),
                10L, Map.of("orders 1.0.1", 1L)), result.versionsOverTime(5));
    }

    @Test
    void theVerdictSaysPassedOrEveryReasonInOneLine() {
        Drill.Sample timeout = new Drill.Sample(1_000, false, "catalog", -1, 10_000, null, null,
                "HttpTimeoutException: request timed out", "k", "", 0);
        Drill.Sample bad = new Drill.Sample(2_000, false, "catalog", 502, 5, null, null, null, "k", "", 0);
        assertEquals("Passed: 2 requests, none failed; 2 orders read back, none lost, none duplicated",
                new Drill.Result(List.of(order(0, "1.0.0"), order(1, "1.0.0")), 0, 0, Instant.EPOCH).verdict(List.of()));
        assertEquals("Failed: 2 of 3 requests failed (1 HTTP 502, 1 HttpTimeoutException: request timed out);"
                + " orders lost: 1; orders duplicated: 1; orders should have answered only as 1.0.1",
                new Drill.Result(List.of(order(0, "1.0.0"), timeout, bad), 1, 1, Instant.EPOCH)
                        .verdict(List.of("orders should have answered only as 1.0.1")));
        assertEquals("Failed: the database lost one", new Drill.Result(List.of(), 0, 0, Instant.EPOCH)
                .verdict(List.of("the database lost one")));
    }

    @Test
    void theSeriesStopWithTheTrafficWhileTheTimelineGoesOnToTheLastEvent() {
        Drill.Result result = new Drill.Result(List.of(order(0, "1.0.0"), order(1_500, "1.0.0")), 0, 0, Instant.EPOCH);
        String html = DrillReport.html(new DrillReport.Input("t", result, List.of(),
                List.of(new PodEvent(Instant.EPOCH.plusSeconds(9), "orders-2", "Stopped", "exited")), "e2e"));
        assertTrue(html.contains("class=\"tick\">9</text>"), "the x axis reaches the event: " + html);
        Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
        int lines = 0;
        while (points.find()) {
            lines++;
            assertEquals(2, points.group(1).split(" ").length, "two seconds of traffic, two points a line: " + points.group());
        }
        assertEquals(4, lines, "answers (orders 1.0.0) and latency (p50, p95, max): " + html);
    }

    @Test
    void theReportPutsTheVerdictFirstAndEscapesWhatItShows() {
        Drill.Sample failed = new Drill.Sample(1_000, false, "catalog", 502, 5, null, "<pod>", null, "k", "", 0);
        String html = DrillReport.html(new DrillReport.Input("orders <1.0.0>",
                new Drill.Result(List.of(order(0, "1.0.0"), failed), 0, 0, Instant.EPOCH), List.of(), List.of(), "none"));
        assertTrue(html.contains("<title>Failed: orders &lt;1.0.0&gt;</title>"), html);
        assertTrue(html.indexOf("<h1 class=\"verdict failed\">Failed: 1 of 2 requests failed (1 HTTP 502)</h1>")
                < html.indexOf("<h2"), html);
        assertTrue(html.contains("<td>&lt;pod&gt;</td>"), html);
        assertTrue(html.contains("<g data-series=\"HTTP 502\""), html);
        assertTrue(html.contains("<g data-series=\"orders 1.0.0\""), html);
        assertTrue(html.contains("<p>No pod event in the drill's window.</p>"), html);
        assertTrue(html.contains("started 1970-01-01T00:00:00Z · 2 s of traffic"), html);
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://") || html.contains("url("),
                "self-contained: " + html);
    }

    private static Drill.Sample order(long at, String version) {
        return new Drill.Sample(at, true, "orders", 201, 5, version, "orders-1", null, "k" + at, "", 1);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5, Drill.percentile(sorted, 50));
        assertEquals(10, Drill.percentile(sorted, 95));
        assertEquals(1, Drill.percentile(List.of(1L), 99));
        assertEquals(0, Drill.percentile(List.of(), 50));
    }
}
