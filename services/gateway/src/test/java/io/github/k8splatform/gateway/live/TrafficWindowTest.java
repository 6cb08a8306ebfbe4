package io.github.k8splatform.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficWindowTest {

    private static final long NOW = 1_000_000;

    @Test
    void ratesAreOverTheLastFiveSecondsAndCountsOverTheMinute() {
        TrafficWindow window = new TrafficWindow(60);
        for (int i = 0; i < 10; i++) {
            window.answered(NOW - 30, "old", "1.0.0", 5);
        }
        for (long s = NOW - 5; s < NOW; s++) {
            for (int i = 0; i < 4; i++) {
                window.answered(s, "new-" + (i % 2), "1.0.1", 10 + i);
            }
        }
        window.answered(NOW, "new-0", "1.0.1", 1000);
        TrafficWindow.Summary summary = window.summary("orders", "http://orders:8082", NOW);
        assertEquals(4.0, summary.answersPerSecond());
        assertEquals(Map.of("1.0.1", 4.0), summary.versionsPerSecond());
        assertEquals(30, summary.answers());
        assertEquals(3, summary.pods().size());
        assertEquals(new TrafficWindow.PodShare("old", "1.0.0", 0.0, 10), summary.pods().get(2));
        assertEquals(new TrafficWindow.PodShare("new-0", "1.0.1", 2.0, 10), summary.pods().get(0));
        assertEquals(60, summary.series().size());
        assertEquals(-60, summary.series().get(0).offset());
        assertEquals(Map.of("1.0.0", 10), summary.series().get(30).versions());
        assertEquals(10.0, summary.p50Ms(), "the current second, still filling, is left out");
    }

    @Test
    void failuresAreCountedByCauseAndOldSecondsAgeOut() {
        TrafficWindow window = new TrafficWindow(60);
        window.failed(NOW - 61, "timeout", 1000);
        window.failed(NOW - 2, "HTTP 503", 3);
        window.failed(NOW - 1, "HTTP 503", 4);
        window.failed(NOW - 1, "connect failed", 2);
        TrafficWindow.Summary summary = window.summary("catalog", "http://catalog:8081", NOW);
        assertEquals(3, summary.failures());
        assertEquals(Map.of("HTTP 503", 2, "connect failed", 1), summary.failureCauses());
        assertEquals(0, summary.answers());
        assertEquals(2, summary.series().get(59).failures());
        assertEquals(4.0, summary.p95Ms());
    }

    @Test
    void aSlotReusedAMinuteLaterForgetsWhatItHeld() {
        TrafficWindow window = new TrafficWindow(60);
        window.answered(NOW - 70, "gone", "0.9.0", 1);
        window.answered(NOW - 10, "here", "1.0.0", 1);
        TrafficWindow.Summary summary = window.summary("logs", "http://logs:8083", NOW);
        assertEquals(1, summary.answers());
        assertEquals("here", summary.pods().get(0).pod());
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5.0, TrafficWindow.percentile(sorted, 50));
        assertEquals(10.0, TrafficWindow.percentile(sorted, 95));
        assertNull(TrafficWindow.percentile(new double[0], 50));
    }
}
