package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-second series, the pods' shares and the timeline a drill report draws. */
class DrillSeriesTest {

    private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
    private static final double NONE = Double.NaN;

    private static Drill.Sample answer(long at, String target, String version, String pod, long latency) {
        return new Drill.Sample(at, false, target, 200, latency, version, pod, null, "k", "", 0);
    }

    private static Drill.Sample failure(long at, int status, String error) {
        return new Drill.Sample(at, false, "catalog", status, 7, null, null, error, "k", "", 0);
    }

    @Test
    void answersAreCountedPerSecondByServiceAndVersionWithZerosWhereNoneCame() {
        List<Drill.Sample> samples = List.of(answer(0, "orders", "1.0.0", "a", 1), answer(999, "orders", "1.0.0", "a", 1),
                answer(1_500, "orders", "1.0.1", "b", 1), answer(2_100, "gateway", null, "g", 1), failure(2_200, 502, null));
        List<DrillSeries.Series> series = DrillSeries.answersByVersion(samples, 3);
        assertEquals(List.of("gateway (no version)", "orders 1.0.0", "orders 1.0.1"),
                series.stream().map(DrillSeries.Series::name).toList());
        assertArrayEquals(new double[] {0, 0, 1}, series.get(0).perSecond());
        assertArrayEquals(new double[] {2, 0, 0}, series.get(1).perSecond());
        assertArrayEquals(new double[] {0, 1, 0}, series.get(2).perSecond());
    }

    @Test
    void failuresAreCountedPerSecondByTheCauseTheSummaryNames() {
        List<Drill.Sample> samples = List.of(failure(100, 502, null), failure(200, 502, null),
                failure(1_100, -1, "ConnectException"), answer(1_200, "orders", "1.0.0", "a", 1));
        List<DrillSeries.Series> series = DrillSeries.failuresByCause(samples, 2);
        assertEquals(List.of("ConnectException", "HTTP 502"), series.stream().map(DrillSeries.Series::name).toList());
        assertArrayEquals(new double[] {0, 1}, series.get(0).perSecond());
        assertArrayEquals(new double[] {2, 0}, series.get(1).perSecond());
    }

    @Test
    void latencyIsP50P95AndMaxOfEachSecondAndNothingWhereNoRequestWasSent() {
        List<Drill.Sample> samples = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            samples.add(answer(i * 10, "orders", "1.0.0", "a", i));
        }
        samples.add(failure(2_500, 504, null));
        List<DrillSeries.Series> series = DrillSeries.latency(samples, 3);
        assertEquals(List.of("p50", "p95", "max"), series.stream().map(DrillSeries.Series::name).toList());
        assertArrayEquals(new double[] {10, NONE, 7}, series.get(0).perSecond());
        assertArrayEquals(new double[] {19, NONE, 7}, series.get(1).perSecond());
        assertArrayEquals(new double[] {20, NONE, 7}, series.get(2).perSecond());
    }

    @Test
    void samplesPastTheLastSecondShownAreLeftOut() {
        assertArrayEquals(new double[] {1}, DrillSeries.answersByVersion(List.of(answer(0, "orders", "1", "a", 1),
                answer(1_000, "orders", "1", "a", 1)), 1).get(0).perSecond());
    }

    @Test
    void eachPodsShareNamesWhatItAnsweredAsAndFailuresWithoutAPodCountApart() {
        List<DrillSeries.Share> shares = DrillSeries.pods(List.of(answer(0, "orders", "1.0.0", "orders-b", 1),
                answer(1, "orders", "1.0.0", "orders-b", 1), answer(2, "orders", "1.0.1", "orders-a", 1),
                failure(3, 502, null)));
        assertEquals(List.of(new DrillSeries.Share(DrillSeries.NO_POD, Set.of(), 1),
                new DrillSeries.Share("orders-a", Set.of("orders 1.0.1"), 1),
                new DrillSeries.Share("orders-b", Set.of("orders 1.0.0"), 2)), shares);
    }

    @Test
    void theSpanCoversTheLastRequestAndTheLastEvent() {
        Drill.Result result = new Drill.Result(List.of(answer(4_200, "orders", "1", "a", 1)), 0, 0, START);
        assertEquals(5, DrillSeries.seconds(result, List.of()));
        assertEquals(8, DrillSeries.seconds(result, List.of(new PodEvent(START.plusMillis(7_300), "a", "Killing", ""))));
        assertEquals(1, DrillSeries.seconds(new Drill.Result(List.of(), 0, 0, START), List.of()));
    }

    @Test
    void eventsArePlacedInSecondsSinceTheStartOldestFirst() {
        List<DrillSeries.Moment> moments = DrillSeries.timeline(List.of(
                new PodEvent(START.plusMillis(2_500), "b", "Killing", "deleted"),
                new PodEvent(START.plusMillis(1_000), "a", "Started", "run")), START);
        assertEquals(List.of(new DrillSeries.Moment(1.0, "a", "Started", "run"),
                new DrillSeries.Moment(2.5, "b", "Killing", "deleted")), moments);
    }
}
