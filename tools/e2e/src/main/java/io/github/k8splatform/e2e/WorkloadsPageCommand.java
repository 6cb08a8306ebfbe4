package io.github.k8splatform.e2e;

import io.github.k8splatform.browser.HeadlessChromium;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openqa.selenium.JavascriptExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The live page's Workloads part on a real cluster, in headless Chromium through the Ingress: every
 * named Deployment shown with its current ReplicaSet and that ReplicaSet's ready Pods, each on a
 * node, and the nodes listed; with --rolling, that Deployment in the middle of a rolling update (two
 * ReplicaSets with ready Pods, the old one still serving). Saves a screenshot; fails when the page
 * did not show all that in time.
 */
@Command(name = "workloads-page",
        description = "Check that the live page's Workloads part shows each Deployment's ReplicaSets and ready Pods on nodes.")
public class WorkloadsPageCommand implements Callable<Integer> {

    /**
     * Per Deployment on the page: its ReplicaSets, how many of them have a ready Pod (serving), and
     * the current one's ready Pods as pod@node.
     */
    private static final String SHOWN = "return Object.fromEntries([...document.querySelectorAll('.deployment[data-deployment]')]"
            + ".map(d => [d.dataset.deployment, {replicaSets: d.querySelectorAll('.replicaset').length,"
            + " serving: [...d.querySelectorAll('.replicaset')].filter(rs => rs.querySelector('.pod[data-ready=true]')).length,"
            + " ready: [...d.querySelectorAll('.replicaset[data-current=true] .pod[data-ready=true]')]"
            + ".filter(p => p.dataset.node).map(p => p.dataset.pod + '@' + p.dataset.node)}]))";
    private static final String NODES = "return [...document.querySelectorAll('#workloads-nodes .node[data-ready=true]')]"
            + ".map(n => n.dataset.node)";

    @Spec
    CommandSpec spec;

    @Mixin
    IngressOption ingress;

    @Option(names = "--deployment", required = true, split = ",", description = "the Deployments the page must show")
    List<String> deployments;

    @Option(names = "--rolling", description = "a Deployment the page must show mid-rollout: two ReplicaSets with ready pods")
    String rolling;

    @Option(names = "--screenshot", required = true, description = "where to save the page's screenshot (PNG)")
    Path screenshot;

    @Option(names = "--wait-seconds", defaultValue = "90", description = "how long the page may take; default ${DEFAULT-VALUE}")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        // The browser finds the Ingress's name where this JVM does (make e2e gives it a hosts file).
        String host = ingress.baseUrl.getHost();
        String resolution = "--host-resolver-rules=MAP " + host + " " + InetAddress.getByName(host).getHostAddress();
        try (HeadlessChromium chromium = HeadlessChromium.start(resolution)) {
            chromium.driver().get(ingress.baseUrl.resolve("/").toString());
            JavascriptExecutor page = (JavascriptExecutor) chromium.driver();
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            List<String> missing = missing(page);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                missing = missing(page);
            }
            chromium.screenshot(screenshot);
            Map<?, ?> shown = (Map<?, ?>) page.executeScript(SHOWN);
            for (String deployment : deployments) {
                Map<?, ?> one = (Map<?, ?>) shown.get(deployment);
                spec.commandLine().getOut().printf("workloads-page: deployment/%s: %s%n", deployment, one == null ? "not shown"
                        : one.get("replicaSets") + " ReplicaSet(s), " + one.get("serving") + " with ready pods, current one's ready pods "
                        + one.get("ready"));
            }
            spec.commandLine().getOut().printf("workloads-page: nodes %s; screenshot %s%n", page.executeScript(NODES), screenshot);
            if (!missing.isEmpty()) {
                spec.commandLine().getErr().printf("workloads-page: within %d s the page did not show %s%n", waitSeconds, missing);
                return 1;
            }
            return 0;
        }
    }

    /** What the page does not show yet: Deployments without ready Pods on nodes, or no ready node. */
    private List<String> missing(JavascriptExecutor page) {
        List<String> missing = new ArrayList<>();
        Map<?, ?> shown = (Map<?, ?>) page.executeScript(SHOWN);
        for (String deployment : deployments) {
            Map<?, ?> one = (Map<?, ?>) shown.get(deployment);
            if (one == null || ((List<?>) one.get("ready")).isEmpty()) {
                missing.add("deployment/" + deployment + " with ready pods on nodes");
            }
        }
        Map<?, ?> rollingShown = rolling == null ? null : (Map<?, ?>) shown.get(rolling);
        if (rolling != null && (rollingShown == null || ((Number) rollingShown.get("serving")).intValue() < 2)) {
            missing.add("deployment/" + rolling + " mid-rollout: two ReplicaSets with ready pods");
        }
        if (((List<?>) page.executeScript(NODES)).isEmpty()) {
            missing.add("a ready node");
        }
        return missing;
    }
}
