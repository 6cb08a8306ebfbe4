package io.github.k8splatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelets' summaries as make drill saves them. The two files are what the kubelets of make
 * cluster's two nodes answered on /stats/summary after make e2e's drills (commit 90a6011): CoreDNS and
 * Traefik run there beside the platform's pods.
 */
class KubeletSummariesTest {

    static final Path SUMMARIES = Path.of("src/test/resources");
    private static final Set<String> PLATFORM = Set.of("platform", "platform-logging");

    @Test
    void thePlatformsPodsOfEveryNodeWithTheirWorkingSetAndCpu() throws IOException {
        List<KubeletSummaries.PodUsage> pods = KubeletSummaries.read(SUMMARIES, PLATFORM);

        assertEquals(14, pods.size(), pods.toString());
        assertTrue(pods.stream().allMatch(p -> PLATFORM.contains(p.namespace())), pods.toString());
        assertEquals(new KubeletSummaries.PodUsage("node-2", "platform", "postgres-0", 144367616L, 68139375L),
                pods.stream().filter(p -> p.pod().equals("postgres-0")).findFirst().orElseThrow());
        assertEquals(List.of("node-1", "node-2"), pods.stream().map(KubeletSummaries.PodUsage::node).distinct().sorted().toList());
        assertEquals("1649 MiB of memory (working set) and 508 millicores of CPU in 14 pods, as the kubelets measured them",
                KubeletSummaries.total(pods));
    }

    @Test
    void noNamespaceCountsEveryPodTheKubeletsRun() throws IOException {
        List<KubeletSummaries.PodUsage> all = KubeletSummaries.read(SUMMARIES, Set.of());

        assertEquals(18, all.size());
        assertEquals(4, all.stream().filter(p -> !PLATFORM.contains(p.namespace())).count(), "CoreDNS and Traefik, two each");
    }

    @Test
    void aPodWithoutFiguresYetCountsNothingAndAMissingFolderIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("node-3.json"), """
                {"node":{"nodeName":"node-3"},"pods":[{"podRef":{"name":"orders-new","namespace":"platform"}}]}""");
        Files.writeString(dir.resolve("not-a-summary.txt"), "skipped");

        assertEquals(List.of(new KubeletSummaries.PodUsage("node-3", "platform", "orders-new", 0, 0)),
                KubeletSummaries.read(dir, PLATFORM));
        assertThrows(IOException.class, () -> KubeletSummaries.read(dir.resolve("missing"), PLATFORM));
    }
}
