package io.github.k8splatform.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The drill tool: traffic through the Ingress while something rolls, then a report and a verdict. */
@Command(name = "drill", description = "Send a steady mix of reads and idempotent writes, reconcile them, report.")
public class DrillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    IngressOption ingress;

    @Option(names = "--rate", defaultValue = "20", description = "requests per second; default ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "how long at most; default ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--stop-file", description = "stop sending once this file exists (make drill touches it after the rollout)")
    Path stopFile;

    @Option(names = "--reads-per-ten", defaultValue = "5", description = "reads in every 10 requests; default ${DEFAULT-VALUE}")
    int readsPerTen;

    @Option(names = "--report", defaultValue = "target/drill/report.html")
    Path report;

    @Option(names = "--title", description = "the report's title; default: the base URL")
    String title;

    @Option(names = "--events-file", description = "the namespace's events as kubectl get events -o json writes them"
            + " (make drill, before it stops the traffic): the report's timeline shows those of the drill's window")
    Path eventsFile;

    @Option(names = "--kubelet-summaries", paramLabel = "FOLDER",
            description = "the kubelets' /stats/summary, one JSON file per node (make drill, before it stops the traffic):"
                    + " the report shows each pod's memory and CPU, and the tool ends with their total")
    Path kubeletSummaries;

    @Option(names = "--namespace", paramLabel = "NAME", description = "count the pods of this namespace in the kubelets'"
            + " figures (repeat it); default every namespace")
    Set<String> namespaces = new TreeSet<>();

    @Option(names = "--expect-final", paramLabel = "SERVICE=VERSION",
            description = "fail unless SERVICE answered, and only as VERSION, in the last 5 s (make drill: N+1 took over)")
    Map<String, String> expectFinal = new LinkedHashMap<>();

    @Option(names = "--expect-only", paramLabel = "SERVICE=VERSION",
            description = "fail unless every answer of SERVICE was VERSION (make drill-bad: N+1 never served)")
    Map<String, String> expectOnly = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 500 || seconds < 1 || seconds > 3600 || readsPerTen < 0 || readsPerTen > 10) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rate must be 1..500, --seconds 1..3600, --reads-per-ten 0..10");
        }
        String logsReadToken = System.getenv("LOGS_READ_TOKEN");
        logsReadToken = logsReadToken == null || logsReadToken.isBlank() ? null : logsReadToken;
        List<String> targets = new ArrayList<>(List.of(Drill.TARGETS.get(0)));
        targets.addAll(Drill.readTargets(logsReadToken));
        for (String service : union(expectFinal.keySet(), expectOnly.keySet())) {
            if (!targets.contains(service)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the drill sends no traffic to " + service
                        + ": it can expect versions of " + targets + (service.equals("logs") ? " (logs with LOGS_READ_TOKEN set)" : ""));
            }
        }
        List<String> skus = new ArrayList<>();
        Http.get(ingress.baseUrl.resolve("/api/catalog/products?size=10")).json().path("items")
                .forEach(item -> skus.add(item.path("sku").asText()));
        if (skus.isEmpty()) {
            spec.commandLine().getErr().println("drill: the catalog has no products: was the setup Job run?");
            return 1;
        }
        Drill.Result result = Drill.run(new Drill.Options(ingress.baseUrl, rate, Duration.ofSeconds(seconds), readsPerTen, skus,
                "drill-" + UUID.randomUUID().toString().substring(0, 8), stopFile, logsReadToken), Map.of());
        List<String> unmet = new ArrayList<>();
        expectFinal.forEach((service, version) -> unmet.addAll(result.expectFinal(service, version)));
        expectOnly.forEach((service, version) -> unmet.addAll(result.expectOnly(service, version)));
        spec.commandLine().getOut().println(result.summary());
        unmet.forEach(line -> spec.commandLine().getOut().println("drill: FAILED: " + line));
        DrillReport.Input input = input(result, unmet);
        spec.commandLine().getOut().println("drill: report at " + DrillReport.write(input, report));
        if (kubeletSummaries != null) {
            spec.commandLine().getOut().println(input.usage().isEmpty() ? "drill: " + input.usageNote()
                    : "drill: the platform on the cluster: " + KubeletSummaries.total(input.usage()));
        }
        return result.passed() && unmet.isEmpty() ? 0 : 1;
    }

    /**
     * What the report shows: the result, the unmet expectations, the events file's events of the drill's
     * window, the kubelets' figures of the namespaces' pods.
     */
    private DrillReport.Input input(Drill.Result result, List<String> unmet) {
        String heading = title != null ? title : "Drill against " + ingress.baseUrl;
        List<PodEvent> events = List.of();
        String eventsNote;
        if (eventsFile == null) {
            eventsNote = "No events: no --events-file was given.";
        } else {
            try {
                events = KubernetesEvents.read(eventsFile, result.started(), Instant.now());
                eventsNote = "Kubernetes events of the namespace in the drill's window (kubectl get events, from "
                        + eventsFile.getFileName() + ").";
            } catch (IOException | RuntimeException e) {
                eventsNote = "No events: " + eventsFile + " could not be read (" + e.getMessage() + ").";
            }
        }
        List<KubeletSummaries.PodUsage> usage = List.of();
        String usageNote;
        if (kubeletSummaries == null) {
            usageNote = "No memory or CPU figures: no --kubelet-summaries were given.";
        } else {
            try {
                usage = KubeletSummaries.read(kubeletSummaries, namespaces);
                usageNote = usage.isEmpty() ? "No memory or CPU figures: the kubelet summaries in " + kubeletSummaries.getFileName()
                        + " list no pod of " + (namespaces.isEmpty() ? "any namespace" : String.join(", ", namespaces)) + "."
                        : "Each pod of " + (namespaces.isEmpty() ? "every namespace" : String.join(", ", namespaces))
                        + " as its node's kubelet measured it when the traffic stopped (its summary API, through the API"
                        + " server's node proxy): memory is the working set, CPU the recent usage in millicores.";
            } catch (IOException | RuntimeException e) {
                usageNote = "No memory or CPU figures: " + kubeletSummaries + " could not be read (" + e.getMessage() + ").";
            }
        }
        return new DrillReport.Input(heading, result, unmet, events, eventsNote, usage, usageNote);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
