package io.github.k8splatform.gateway.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one service answered in the last minute, one bucket per second: answers by pod and by
 * version, failures by cause, and every answer's latency. Written by the probe's event loop, read
 * by the live stream: hence synchronized. Pure arithmetic otherwise, so it is tested on its own.
 */
final class TrafficWindow {

    /** Seconds over which "per second" is averaged: long enough to be steady, short enough to show a rollout. */
    static final int RATE_SECONDS = 5;

    private final int seconds;
    private final Bucket[] buckets;

    TrafficWindow(int seconds) {
        this.seconds = seconds;
        this.buckets = new Bucket[seconds];
    }

    synchronized void answered(long epochSecond, String pod, String version, double latencyMs) {
        Bucket b = bucket(epochSecond);
        b.pods.merge(pod, 1, Integer::sum);
        b.podVersions.put(pod, version);
        b.versions.merge(version, 1, Integer::sum);
        b.latencies.add(latencyMs);
    }

    synchronized void failed(long epochSecond, String cause, double latencyMs) {
        Bucket b = bucket(epochSecond);
        b.causes.merge(cause, 1, Integer::sum);
        b.latencies.add(latencyMs);
    }

    /** The last minute up to, not including, the current second (still filling). */
    synchronized Summary summary(String service, String target, long nowEpochSecond) {
        Map<String, Integer> podsMinute = new TreeMap<>();
        Map<String, Integer> podsRecent = new TreeMap<>();
        Map<String, String> podVersion = new TreeMap<>();
        Map<String, Integer> versionsRecent = new TreeMap<>();
        Map<String, Integer> causes = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        List<Second> series = new ArrayList<>();
        long answers = 0;
        long failures = 0;
        for (long s = nowEpochSecond - seconds; s < nowEpochSecond; s++) {
            Bucket b = existing(s);
            boolean recent = s >= nowEpochSecond - RATE_SECONDS;
            series.add(new Second(s - nowEpochSecond, b == null ? Map.of() : new TreeMap<>(b.versions),
                    b == null ? 0 : b.failures()));
            if (b == null) {
                continue;
            }
            b.pods.forEach((pod, n) -> podsMinute.merge(pod, n, Integer::sum));
            podVersion.putAll(b.podVersions);
            b.causes.forEach((cause, n) -> causes.merge(cause, n, Integer::sum));
            latencies.addAll(b.latencies);
            answers += b.answers();
            failures += b.failures();
            if (recent) {
                b.pods.forEach((pod, n) -> podsRecent.merge(pod, n, Integer::sum));
                b.versions.forEach((version, n) -> versionsRecent.merge(version, n, Integer::sum));
            }
        }
        List<PodShare> pods = new ArrayList<>();
        podsMinute.forEach((pod, n) -> pods.add(new PodShare(pod, podVersion.get(pod),
                perSecond(podsRecent.getOrDefault(pod, 0)), n)));
        Map<String, Double> versions = new LinkedHashMap<>();
        versionsRecent.forEach((version, n) -> versions.put(version, perSecond(n)));
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Summary(service, target, perSecond(podsRecent.values().stream().mapToInt(Integer::intValue).sum()),
                pods, versions, answers, failures, causes, percentile(sorted, 50), percentile(sorted, 95), series);
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double perSecond(int count) {
        return count / (double) RATE_SECONDS;
    }

    private Bucket bucket(long epochSecond) {
        int slot = (int) Math.floorMod(epochSecond, (long) seconds);
        Bucket b = buckets[slot];
        if (b == null || b.second != epochSecond) {
            b = new Bucket(epochSecond);
            buckets[slot] = b;
        }
        return b;
    }

    private Bucket existing(long epochSecond) {
        Bucket b = buckets[(int) Math.floorMod(epochSecond, (long) seconds)];
        return b != null && b.second == epochSecond ? b : null;
    }

    private static final class Bucket {
        final long second;
        final Map<String, Integer> pods = new TreeMap<>();
        final Map<String, String> podVersions = new TreeMap<>();
        final Map<String, Integer> versions = new TreeMap<>();
        final Map<String, Integer> causes = new TreeMap<>();
        final List<Double> latencies = new ArrayList<>();

        Bucket(long second) {
            this.second = second;
        }

        int answers() {
            return pods.values().stream().mapToInt(Integer::intValue).sum();
        }

        int failures() {
            return causes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One service's last minute, as the page shows it. Rates are over the last RATE_SECONDS seconds. */
    record Summary(String service, String target, double answersPerSecond, List<PodShare> pods,
            Map<String, Double> versionsPerSecond, long answers, long failures, Map<String, Integer> failureCauses,
            Double p50Ms, Double p95Ms, List<Second> series) {
    }

    /** A pod that answered in the last minute: its version, its recent rate and its answers in the minute. */
    record PodShare(String pod, String version, double perSecond, int answers) {
    }

    /** One second of the minute (offset: seconds before now, negative): answers by version, and failures. */
    record Second(long offset, Map<String, Integer> versions, int failures) {
    }
}
