package io.github.k8splatform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Each pod's memory and CPU as its node's kubelet measured them: the kubelet's summary API
 * (/stats/summary), which make drill reads through the API server's node proxy, one file per node,
 * before it stops the traffic. Memory is the working set, what the kubelet evicts by and what a
 * limit is held against; CPU the usage averaged over the kubelet's last sample window.
 */
final class KubeletSummaries {

    /** One pod's figures, on the node whose kubelet reported them. */
    record PodUsage(String node, String namespace, String pod, long workingSetBytes, long cpuNanoCores) {
    }

    private KubeletSummaries() {
    }

    /**
     * The pods of these namespaces (all when empty) in every .json file of the folder, by namespace and
     * name; IOException when the folder is missing or a file is not JSON.
     */
    static List<PodUsage> read(Path folder, Set<String> namespaces) throws IOException {
        List<PodUsage> pods = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            pods.addAll(of(Http.JSON.readTree(file.toFile()), namespaces));
        }
        pods.sort(Comparator.comparing(PodUsage::namespace).thenComparing(PodUsage::pod));
        return pods;
    }

    /** One summary's pods of these namespaces (all when empty); a pod the kubelet has no figure for yet counts 0. */
    static List<PodUsage> of(JsonNode summary, Set<String> namespaces) {
        String node = summary.path("node").path("nodeName").asText("?");
        List<PodUsage> pods = new ArrayList<>();
        for (JsonNode pod : summary.path("pods")) {
            String namespace = pod.path("podRef").path("namespace").asText();
            if (namespaces.isEmpty() || namespaces.contains(namespace)) {
                pods.add(new PodUsage(node, namespace, pod.path("podRef").path("name").asText(),
                        pod.path("memory").path("workingSetBytes").asLong(0), pod.path("cpu").path("usageNanoCores").asLong(0)));
            }
        }
        return pods;
    }

    static long totalBytes(List<PodUsage> pods) {
        return pods.stream().mapToLong(PodUsage::workingSetBytes).sum();
    }

    static long totalNanoCores(List<PodUsage> pods) {
        return pods.stream().mapToLong(PodUsage::cpuNanoCores).sum();
    }

    /** The line make drill ends with: the pods' total memory and CPU. */
    static String total(List<PodUsage> pods) {
        return "%d MiB of memory (working set) and %d millicores of CPU in %d pods, as the kubelets measured them".formatted(
                totalBytes(pods) / (1024 * 1024), totalNanoCores(pods) / 1_000_000, pods.size());
    }
}
