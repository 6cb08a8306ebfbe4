package io.github.k8splatform.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a drill report draws, computed from the samples: per-second series (by the second each
 * request was sent, counted from the drill's start), each pod's share, and the pod events placed in
 * seconds since the start. Pure functions.
 */
final class DrillSeries {

    /** A named series, one value per second; NaN where that second has no value. */
    record Series(String name, double[] perSecond) {
    }

    /** A pod (X-Served-By) and how many answers it gave, as which services' versions. */
    record Share(String pod, Set<String> answeredAs, long answers) {
    }

    /** A pod event, seconds after the drill's start. */
    record Moment(double seconds, String object, String reason, String message) {
    }

    /** What answers without an X-Served-By count under (a failure at the edge names no pod). */
    static final String NO_POD = "(no X-Served-By: no pod answered)";

    private DrillSeries() {
    }

    /** The seconds the report spans: up to the last request's second and the last event, at least 1. */
    static int seconds(Drill.Result result, List<PodEvent> events) {
        long last = result.samples().stream().mapToLong(Drill.Sample::atMillis).max().orElse(0) / 1000 + 1;
        for (PodEvent e : events) {
            last = Math.max(last, (long) Math.ceil(sinceStart(e, result.started())));
        }
        return (int) Math.max(1, last);
    }

    /** Successful answers per second, one series per service and version ("orders 1.0.1"), by name. */
    static List<Series> answersByVersion(List<Drill.Sample> samples, int seconds) {
        return counts(samples, Drill.Sample::ok, s -> s.target() + " " + (s.version() != null ? s.version() : "(no version)"),
                seconds);
    }

    /** Failed requests per second, one series per cause ("HTTP 502", "HttpTimeoutException: ..."), by name. */
    static List<Series> failuresByCause(List<Drill.Sample> samples, int seconds) {
        return counts(samples, s -> !s.ok(), Drill.Sample::cause, seconds);
    }

    /** p50, p95 and max of the latencies of the requests sent in each second (all of them, failed too). */
    static List<Series> latency(List<Drill.Sample> samples, int seconds) {
        List<List<Long>> bySecond = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            bySecond.add(new ArrayList<>());
        }
        samples.stream().filter(s -> s.atMillis() / 1000 < seconds)
                .forEach(s -> bySecond.get((int) (s.atMillis() / 1000)).add(s.latencyMillis()));
        double[] p50 = new double[seconds];
        double[] p95 = new double[seconds];
        double[] max = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            List<Long> sorted = bySecond.get(i).stream().sorted().toList();
            p50[i] = sorted.isEmpty() ? Double.NaN : Drill.percentile(sorted, 50);
            p95[i] = sorted.isEmpty() ? Double.NaN : Drill.percentile(sorted, 95);
            max[i] = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
        }
        return List.of(new Series("p50", p50), new Series("p95", p95), new Series("max", max));
    }

    /** Each pod's answers (failed ones too, when a pod gave them), by pod name. */
    static List<Share> pods(List<Drill.Sample> samples) {
        Map<String, Long> answers = new TreeMap<>();
        Map<String, Set<String>> as = new TreeMap<>();
        for (Drill.Sample s : samples) {
            String pod = s.servedBy() != null ? s.servedBy() : NO_POD;
            answers.merge(pod, 1L, Long::sum);
            Set<String> versions = as.computeIfAbsent(pod, p -> new TreeSet<>());
            if (s.version() != null) {
                versions.add(s.target() + " " + s.version());
            }
        }
        return answers.entrySet().stream().map(e -> new Share(e.getKey(), as.get(e.getKey()), e.getValue())).toList();
    }

    /** The events in seconds since the drill's start, oldest first. */
    static List<Moment> timeline(List<PodEvent> events, Instant started) {
        return events.stream().map(e -> new Moment(sinceStart(e, started), e.object(), e.reason(), e.message()))
                .sorted((a, b) -> Double.compare(a.seconds(), b.seconds())).toList();
    }

    private static double sinceStart(PodEvent e, Instant started) {
        return Duration.between(started, e.at()).toMillis() / 1000.0;
    }

    /** The samples that pass, counted per second under their key; a series per key, by name. */
    private static List<Series> counts(List<Drill.Sample> samples, Predicate<Drill.Sample> counted,
            Function<Drill.Sample, String> key, int seconds) {
        Map<String, double[]> series = new TreeMap<>();
        samples.stream().filter(counted).filter(s -> s.atMillis() / 1000 < seconds).forEach(s -> series
                .computeIfAbsent(key.apply(s), k -> new double[seconds])[(int) (s.atMillis() / 1000)]++);
        return series.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList();
    }
}
