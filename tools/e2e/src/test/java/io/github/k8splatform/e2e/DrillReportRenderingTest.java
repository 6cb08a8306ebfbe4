package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.browser.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Each kind of drill report, rendered in headless Chromium at 1280 px: nothing runs past the
 * window, the verdict is the first heading, and every chart has both axes labelled and a legend
 * naming each of its series. Without Chromium it fails with HeadlessChromium's one line. The pages
 * and their screenshots stay in target/drill-report-rendering/ to be looked at.
 */
class DrillReportRenderingTest {

    private static final Path OUT = Path.of("target/drill-report-rendering");
    private static final Instant START = KubernetesEventsTest.START;
    private static final String ANSWERS = "answers per second by version";
    private static final String LATENCY = "latency per second";
    private static final String FAILURES = "failures per second by cause";
    private static final String EVENTS = "pod events over time";
    private static final String POD = "e2e-1a2b3c4d-";

    /** Each chart: its label, its axes' labels (empty when not drawn), its series and its legend's names. */
    private static final String CHARTS = """
            const shown = e => e !== null && e.getBoundingClientRect().width > 0 ? e.textContent : '';
            return [...document.querySelectorAll('figure.chart')].map(f => [
              f.querySelector('svg').getAttribute('aria-label'),
              shown(f.querySelector('svg text.x-label')),
              shown(f.querySelector('svg text.y-label')),
              [...f.querySelectorAll('svg g[data-series]')].map(g => g.getAttribute('data-series')).join('\\n'),
              [...f.querySelectorAll('.legend li')].filter(li => li.getBoundingClientRect().width > 0)
                .map(li => li.textContent).join('\\n')]);""";

    private static final String FIRST_HEADING = """
            const h = document.querySelector('h1, h2, h3, h4, h5, h6');
            return h === null ? '' : h.tagName + ' ' + h.className + ': ' + h.textContent;""";

    private static HeadlessChromium browser;

    @BeforeAll
    static void start() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aRollingUpdateShowsBothVersionsAndThePodsStartsAndStops() throws IOException {
        List<Drill.Sample> samples = traffic(40, i -> {
            long at = i * 50L;
            String version = at < 15_000 || at < 25_000 && i % 2 == 0 ? "1.0.0" : "1.0.1";
            String pod = version.equals("1.0.0") ? POD + "orders-2" : POD + "orders-next-" + (1 + i % 2);
            return i % 10 < 3 ? read(at, i, 12 + i % 40) : write(at, i, version, pod, 20 + i % 90);
        });
        List<PodEvent> events = List.of(event(3.0, "orders-next-1", "Started", "container started (docker run -e APP_VERSION=1.0.1)"),
                event(13.8, "orders-next-1", "Ready", "readiness probe passed 1 time(s)"),
                event(14.8, "orders-next-1", "JoinedEndpoints", "the Services' endpoints changed"),
                event(19.9, "orders-2", "Killing", "deleted: leaves the endpoints; preStop sleep 5 s"),
                event(20.9, "orders-2", "LeftEndpoints", "the Services' endpoints changed"),
                event(24.9, "orders-2", "SIGTERM", "docker stop: SIGTERM, SIGKILL after 25 s"),
                event(25.6, "orders-2", "Stopped", "the container exited"),
                event(25.7, "orders-next-2", "Started", "container started (docker run -e APP_VERSION=1.0.1)"),
                event(36.0, "orders-next-2", "Ready", "readiness probe passed 1 time(s)"));
        Map<String, String> charts = check("rolling-update", new DrillReport.Input("orders 1.0.0 -> 1.0.1 (make e2e)",
                new Drill.Result(samples, 0, 0, START), List.of(), events, "the e2e stand-ins"), "Passed: ");
        assertEquals(Map.of(ANSWERS, "requests/s", LATENCY, "ms (log scale)", EVENTS, "pod"), charts);
    }

    @Test
    void aRestartWithFailuresOfSeveralCausesShowsEachCause() throws IOException {
        List<String> causes = List.of("HTTP 502", "HTTP 503", "HttpTimeoutException: request timed out",
                "wrong body: overview orders down", "IOException: Connection reset");
        List<Drill.Sample> samples = traffic(20, i -> {
            long at = i * 50L;
            if (at >= 5_000 && at < 9_000 && i % 4 == 0) {
                String cause = causes.get(i / 4 % causes.size());
                return new Drill.Sample(at, false, "gateway", cause.startsWith("HTTP ") ? Integer.parseInt(cause.substring(5))
                        : cause.startsWith("wrong") ? 200 : -1, cause.startsWith("HttpTimeout") ? 10_000 : 30, null, null,
                        cause.startsWith("HTTP ") ? null : cause, "k" + i, "", 0);
            }
            return i % 10 < 3 ? read(at, i, 15) : write(at, i, "1.0.0", POD + "orders" + (i % 2 == 0 ? "" : "-2"), 40 + i % 30);
        });
        List<PodEvent> events = List.of(event(5.0, "orders", "Killing", "deleted: leaves the endpoints; preStop sleep 5 s"),
                event(6.0, "orders", "LeftEndpoints", "the Services' endpoints changed"),
                event(10.0, "orders", "SIGTERM", "docker stop: SIGTERM, SIGKILL after 25 s"),
                event(11.2, "orders", "Stopped", "the container exited"));
        Map<String, String> charts = check("restart", new DrillReport.Input("Restart under load (make e2e)",
                new Drill.Result(samples, 1, 0, START), List.of(), events, "the e2e stand-ins"), "Failed: ");
        assertEquals(Map.of(ANSWERS, "requests/s", LATENCY, "ms (log scale)", FAILURES, "requests/s", EVENTS, "pod"), charts);
    }

    @Test
    void aClusterDrillShowsTheKubernetesEventsOfItsWindow() throws IOException {
        List<Drill.Sample> samples = traffic(60, i -> i % 2 == 0 ? read(i * 50L, i, 9)
                : write(i * 50L, i, i < 600 ? "1.0.0" : "1.0.1", i < 600 ? "orders-7d9c-old1" : "orders-5f4b-new1", 25));
        List<PodEvent> events = KubernetesEvents.within(Http.JSON.readTree(KubernetesEventsTest.EVENTS), START,
                KubernetesEventsTest.END);
        Map<String, String> charts = check("cluster", new DrillReport.Input("make drill: orders rolled to 1.0.1",
                new Drill.Result(samples, 0, 0, START), List.of("orders should have answered only as 1.0.1 in the last 5 s;"
                        + " it answered {1.0.0=3, 1.0.1=47}"), events, "Kubernetes events",
                KubeletSummaries.read(KubeletSummariesTest.SUMMARIES, Set.of()), "the kubelets' figures"), "Failed: ");
        assertEquals(Map.of(ANSWERS, "requests/s", LATENCY, "ms (log scale)", EVENTS, "pod"), charts);
    }

    @Test
    void longPodNamesAndLongExceptionMessagesWrapInsteadOfOverflowing() throws IOException {
        String pod = "orders-with-a-deployment-name-as-long-as-they-come-5f4b8c9d7";
        assertEquals(60, pod.length());
        String unbroken = "HttpConnectTimeoutException: " + "http://orders.platform.svc.cluster.local:8082/api/orders?"
                + "x".repeat(240);
        List<Drill.Sample> samples = traffic(30, i -> {
            long at = i * 50L;
            String error = i % 7 == 0 ? unbroken + i % 11 : null;
            return new Drill.Sample(at, true, "orders", error == null ? 201 : -1, 30 + i % 500, "1.0.0-" + "rc".repeat(25),
                    pod.substring(0, 58) + i % 10, error, "k" + i, "", i);
        });
        List<PodEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new PodEvent(START.plusMillis(i * 2_900L), pod.substring(0, 58) + i, "Unhealthy" + "Really".repeat(i),
                    "Readiness probe failed: " + "y".repeat(300)));
        }
        Map<String, String> charts = check("adversarial", new DrillReport.Input("a title " + "z".repeat(300),
                new Drill.Result(samples, 3, 2, START), List.of("an expectation " + "w".repeat(300)), events, "n".repeat(300)),
                "Failed: ");
        assertEquals(Map.of(ANSWERS, "requests/s", LATENCY, "ms (log scale)", FAILURES, "requests/s", EVENTS, "pod"), charts);
    }

    /**
     * Renders the report, loads it, checks what every report must be, and returns its charts' labels
     * with their y axis' label.
     */
    private static Map<String, String> check(String name, DrillReport.Input input, String verdict) throws IOException {
        Path page = OUT.resolve(name + ".html").toAbsolutePath();
        Files.createDirectories(OUT);
        Files.writeString(page, DrillReport.html(input));
        browser.driver().get(page.toUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        browser.screenshot(OUT.resolve(name + ".png"));

        assertEquals(List.of(), browser.overflows(), name + ": nothing may run past 1280 px");

        String heading = (String) js.executeScript(FIRST_HEADING);
        assertTrue(heading.startsWith("H1 verdict ") && heading.contains(": " + verdict), name + ": the first heading is the verdict: "
                + heading);
        assertTrue(heading.endsWith(input.result().verdict(input.unmet())), heading);

        Map<String, String> charts = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<List<String>> found = (List<List<String>>) js.executeScript(CHARTS);
        for (List<String> chart : found) {
            String label = chart.get(0);
            assertEquals(SvgChart.X_LABEL, chart.get(1), name + ", " + label + ": the x axis' label");
            assertFalse(chart.get(2).isEmpty(), name + ", " + label + ": the y axis' label");
            assertFalse(chart.get(3).isEmpty(), name + ", " + label + ": its series");
            assertEquals(List.of(chart.get(3).split("\n")).stream().distinct().toList(), List.of(chart.get(4).split("\n")),
                    name + ", " + label + ": the legend names each series once, in order");
            charts.put(label, chart.get(2));
        }
        return charts;
    }

    /** rate 20/s for the seconds, each request made by the function of its index. */
    private static List<Drill.Sample> traffic(int seconds, IntFunction<Drill.Sample> request) {
        List<Drill.Sample> samples = new ArrayList<>();
        for (int i = 0; i < seconds * 20; i++) {
            samples.add(request.apply(i));
        }
        return samples;
    }

    private static Drill.Sample read(long at, int i, long latency) {
        String target = i % 2 == 0 ? "gateway" : "catalog";
        return new Drill.Sample(at, false, target, 200, latency, "1.0.0", POD + target, null, "k" + i, "", 0);
    }

    private static Drill.Sample write(long at, int i, String version, String pod, long latency) {
        return new Drill.Sample(at, true, "orders", 201, latency, version, pod, null, "k" + i, "", i);
    }

    private static PodEvent event(double seconds, String replica, String reason, String message) {
        return new PodEvent(START.plusMillis((long) (seconds * 1000)), POD + replica, reason, message);
    }
}
