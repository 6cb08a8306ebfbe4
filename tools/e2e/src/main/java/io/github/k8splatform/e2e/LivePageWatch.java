package io.github.k8splatform.e2e;

import io.github.k8splatform.browser.HeadlessChromium;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The gateway's live page, open in headless Chromium through the edge while a drill runs, as a person
 * watching would have it. It saves a screenshot at the start, at the first moment the Traffic part
 * shows both versions of the service answering (the middle), and at the end. Chromium is driven from
 * one thread only, this watch's own.
 */
final class LivePageWatch implements AutoCloseable {

    /** Versions with answers in the last seconds, as the page's Traffic part shows them for one service. */
    private static final String VERSIONS = "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.versionRate)";

    private final Path screenshots;
    private final String service;
    private final Set<String> versions;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile List<String> middle = List.of();

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
        opened.orTimeout(90, TimeUnit.SECONDS).join();
    }

    /** The versions the page showed answering in the middle screenshot; empty if that moment never came. */
    List<String> middle() {
        return middle;
    }

    private void watch(URI base, CompletableFuture<Void> opened) {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get(base.resolve("/").toString());
            JavascriptExecutor page = (JavascriptExecutor) chromium.driver();
            String selector = "[data-service=" + service + "] [data-version-rate]";
            for (int i = 0; i < 120 && answering(page, selector).isEmpty(); i++) {
                Thread.sleep(500);
            }
            if (answering(page, selector).isEmpty()) {
                throw new IllegalStateException("the live page showed no answer from " + service + " within 60 s");
            }
            chromium.screenshot(screenshots.resolve("live-page-start.png"));
            opened.complete(null);
            while (!stop) {
                List<String> now = answering(page, selector);
                if (middle.isEmpty() && now.containsAll(versions)) {
                    chromium.screenshot(screenshots.resolve("live-page-middle.png"));
                    middle = now;
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

    @SuppressWarnings("unchecked")
    private static List<String> answering(JavascriptExecutor page, String selector) {
        return (List<String>) page.executeScript(VERSIONS, selector);
    }

    /** Takes the end screenshot and closes the browser. */
    @Override
    public void close() {
        stop = true;
        done.orTimeout(30, TimeUnit.SECONDS).join();
    }
}
