package io.github.k8splatform.e2e;

import io.github.k8splatform.browser.HeadlessChromium;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The gateway's live page, open in headless Chromium through the edge while a drill runs, as a person
 * watching would have it. It saves a screenshot at the start, at the end, and in the middle: the
 * moment the Traffic part shows every version of the service answering, with the least answered one
 * at its highest rate (the rollout half done). Chromium is driven from one thread only, this watch's own.
 */
final class LivePageWatch implements AutoCloseable {

    /** Answers a second by version, as the page's Traffic part shows them for one service. */
    private static final String VERSIONS = "return Object.fromEntries([...document.querySelectorAll(arguments[0])]"
            + ".map(e => [e.dataset.versionRate, Number(e.dataset.perSecond)]))";

    private final Path screenshots;
    private final String service;
    private final Set<String> versions;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stop;
    private String failure;
    private volatile List<String> middle = List.of();
    private double middleLeast;

    /**
     * Opens the page and waits (at most 60 s) until SERVICE answers there; then watches, in its own
     * thread, for the moment all VERSIONS answer at once.
     */
    LivePageWatch(URI base, String service, Set<String> versions, Path screenshots) {
        this.service = service;
        this.versions = versions;
        this.screenshots = screenshots;
        CompletableFuture<Void> opened = new CompletableFuture<>();
        thread = new Thread(() -> watch(base, opened), "live-page-watch");
        thread.setDaemon(true);
        thread.start();
        try {
            opened.orTimeout(90, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            stop = true;
            thread.interrupt();
            throw e;
        }
    }

    /** The versions the page showed in the middle screenshot; empty if no moment showed them all answering. */
    List<String> middle() {
        return middle;
    }

    private void watch(URI base, CompletableFuture<Void> opened) {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get(base.resolve("/").toString());
            JavascriptExecutor page = (JavascriptExecutor) chromium.driver();
            String selector = "[data-service=" + service + "] [data-version-rate]";
            for (int i = 0; i < 120 && answering(page, selector).values().stream().noneMatch(r -> r > 0); i++) {
                Thread.sleep(500);
            }
            if (answering(page, selector).values().stream().noneMatch(r -> r > 0)) {
                throw new IllegalStateException("the live page showed no answer from " + service + " within 60 s");
            }
            chromium.screenshot(screenshots.resolve("live-page-start.png"));
            opened.complete(null);
            while (!stop) {
                Map<String, Double> now = answering(page, selector);
                double least = versions.stream().mapToDouble(v -> now.getOrDefault(v, 0.0)).min().orElse(0);
                // Each screenshot costs CPU the drill needs: a new one only for a clearly fuller overlap.
                if (least > 0 && (middle.isEmpty() || least >= middleLeast + 1)) {
                    chromium.screenshot(screenshots.resolve("live-page-middle.png"));
                    middle = List.copyOf(now.keySet());
                    middleLeast = least;
                }
                Thread.sleep(500);
            }
            chromium.screenshot(screenshots.resolve("live-page-end.png"));
            done.complete(null);
        } catch (Exception | Error e) {
            opened.completeExceptionally(e);
            done.completeExceptionally(e);
        }
    }

    private static Map<String, Double> answering(JavascriptExecutor page, String selector) {
        Map<String, Double> rates = new TreeMap<>();
        ((Map<?, ?>) page.executeScript(VERSIONS, selector))
                .forEach((version, rate) -> rates.put((String) version, ((Number) rate).doubleValue()));
        return rates;
    }

    /**
     * Takes the end screenshot and closes the browser. A browser that failed mid-drill is reported
     * here and not thrown, so the drill keeps its own verdict; middle() then says what the page showed.
     */
    @Override
    public void close() {
        stop = true;
        try {
            done.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            failure = e.getCause() == null ? e.toString() : e.getCause().toString();
        }
    }

    /** Why the browser failed during the drill, or null. */
    String failure() {
        return failure;
    }
}
