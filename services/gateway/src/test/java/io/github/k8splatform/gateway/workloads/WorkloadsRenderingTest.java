package io.github.k8splatform.gateway.workloads;

import static io.github.k8splatform.gateway.workloads.ClusterSeed.NEW_HASH;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.NODES;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.OLD_HASH;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.STARTING_POD;
import static io.github.k8splatform.gateway.workloads.ClusterSeed.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.browser.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * window.renderWorkloads (META-INF/resources/workloads.js, as the gateway serves it) in headless
 * Chromium at 1280 px, on the snapshot of the seeded test server: what the page's Selenium tests
 * query is there, and an unavailable snapshot shows its reason alone, as text.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ClusterSeed.class)
class WorkloadsRenderingTest {

    @TestHTTPResource("/")
    URL base;

    static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void theSnapshotIsDrawnWithWhatATestCanQuery() {
        Snapshots.awaitSnapshot("every seeded object", json -> json.getList("nodes").size() == 3
                && json.getList("events").size() >= 6);
        WebDriver page = render("fetch('/api/workloads').then(r => r.json())");

        WebElement orders = page.findElement(By.cssSelector("#workloads-deployments .deployment[data-deployment='orders']"));
        List<WebElement> replicaSets = orders.findElements(By.cssSelector(".replicaset"));
        assertEquals(List.of("orders-" + NEW_HASH, "orders-" + OLD_HASH), replicaSets.stream().map(r -> r.getAttribute("data-replicaset")).toList());
        assertEquals(List.of("2", "1"), replicaSets.stream().map(r -> r.getAttribute("data-revision")).toList());
        assertEquals("true", replicaSets.get(0).getAttribute("data-current"));
        assertEquals(replicaSets.get(0).getLocation().getY(), replicaSets.get(1).getLocation().getY(), "old and new side by side");
        assertTrue(replicaSets.get(0).getText().contains("desired 3 · ready 2 · available 2"), replicaSets.get(0).getText());
        WebElement starting = orders.findElement(By.cssSelector(".pod[data-pod='" + STARTING_POD + "']"));
        assertEquals("1.0.1", starting.getAttribute("data-version"));
        List<WebElement> agentNodes = page.findElements(By.cssSelector("#workloads-log-agent .agent-node"));
        assertEquals(Set.copyOf(NODES), agentNodes.stream().map(n -> n.getAttribute("data-node")).collect(Collectors.toSet()));
        agentNodes.forEach(n -> assertEquals(1, n.findElements(By.cssSelector(".pod")).size(), "one agent on " + n.getAttribute("data-node")));
        assertEquals(1, page.findElements(By.cssSelector("#workloads-jobs .job[data-job='setup'][data-status='Complete']")).size());
        assertEquals(2, page.findElements(By.cssSelector("#workloads-jobs .cronjob[data-cronjob='report'] .job")).size());
        assertEquals(NODES, page.findElements(By.cssSelector("#workloads-nodes .node")).stream().map(n -> n.getAttribute("data-node")).toList());
        assertEquals(1, page.findElements(By.cssSelector("#workloads-nodes .node[data-node='" + WORKER + "'] .node-pod[data-app='log-agent']"))
                .size());
        assertEquals("Killing", page.findElements(By.cssSelector("#workloads-events .event")).get(0).getAttribute("data-reason"));
        assertEquals(List.of(), browser.overflows(), "nothing may run past " + HeadlessChromium.WIDTH + " px");
        browser.screenshot(Path.of("target/workloads.png"));
    }

    @Test
    void anUnavailableSnapshotShowsItsReasonAloneAsText() {
        String reason = "the Kubernetes API refused to list nodes: 403 Forbidden: <b>nodes</b> is forbidden";
        WebDriver page = render("Promise.resolve({available: false, reason: " + jsString(reason) + "})");
        WebElement unavailable = page.findElement(By.id("workloads-unavailable"));
        assertEquals(reason, unavailable.getText());
        assertEquals(0, page.findElements(By.cssSelector("#workloads-under-test b")).size(), "the reason is text, never markup");
        assertEquals(1, page.findElements(By.cssSelector("#workloads-under-test > *")).size(), "the reason alone");
    }

    /** Opens a gateway document, loads /workloads.js into it and renders the snapshot the script's promise gives. */
    private WebDriver render(String snapshotPromise) {
        WebDriver page = browser.driver();
        // A document of the gateway's origin (so fetch reaches /api/workloads) without the live page's
        // own script, which would draw a second Workloads part beside the one under test.
        page.get(base + "workloads.js");
        Object error = ((org.openqa.selenium.JavascriptExecutor) page).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const target = document.createElement('div'); target.id = 'workloads-under-test'; document.body.appendChild(target);"
                        + "const script = document.createElement('script'); script.src = '/workloads.js';"
                        + "script.onload = () => (" + snapshotPromise + ").then(s => { window.renderWorkloads(target, s); done(null); })"
                        + "  .catch(e => done(String(e)));"
                        + "script.onerror = () => done('workloads.js did not load');"
                        + "document.head.appendChild(script);");
        assertEquals(null, error);
        return page;
    }

    private static String jsString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
