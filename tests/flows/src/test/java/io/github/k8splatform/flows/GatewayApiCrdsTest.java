package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/cluster/gateway-api-crds.sh: the module's zip is used only when its SHA-256 is the one pinned
 * in versions.sh; then its standard CRDs are applied server-side and waited for. make cluster and
 * make test's API server run the real download (CI).
 */
class GatewayApiCrdsTest {

    private static final String VERSION = Expected.pinned("GATEWAY_API_VERSION");
    private static final String URL = "https://proxy.golang.org/sigs.k8s.io/gateway-api/@v/" + VERSION + ".zip";
    private static final String KUBE = "kubectl --context kind-quarkus-k8s-platform";

    @TempDir
    Path dir;

    @Test
    void aDownloadOtherThanThePinnedOneIsRefusedAndNothingApplied() throws Exception {
        Sandbox sandbox = fresh().answer("curl", "curl -fsSL *", "a module that is not the pinned one");
        Sandbox.Run run = sandbox.script(Map.of(), "scripts/cluster/gateway-api-crds.sh", "install", "kubectl", "--context",
                "kind-quarkus-k8s-platform");

        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("gateway-api-crds: " + URL + " does not match the checksum pinned in"
                + " scripts/cluster/versions.sh: not used"), run.output());
        assertEquals(1, run.commands().size(), "the download alone, no kubectl: " + run.commands());
        assertTrue(run.commands().get(0).endsWith(" " + URL), run.commands().toString());
        assertFalse(Files.exists(sandbox.root.resolve(Expected.GATEWAY_API_CRDS.replace("$ROOT/", ""))), "nothing cached");
    }

    @Test
    void thePinnedDownloadIsUnpackedAppliedServerSideAndWaitedFor() throws Exception {
        Path zip = dir.resolve("module.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("sigs.k8s.io/gateway-api@" + VERSION + "/config/crd/standard/httproutes.yaml"));
            out.write("kind: CustomResourceDefinition\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("sigs.k8s.io/gateway-api@" + VERSION + "/apis/v1/doc.go"));
            out.write("package v1\n".getBytes(StandardCharsets.UTF_8));
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip)));
        Sandbox sandbox = fresh().answer("curl", "curl -fsSL *", "<" + zip)
                .succeed("kubectl", KUBE + " apply --server-side *", KUBE + " wait *");
        Path versions = sandbox.root.resolve("scripts/cluster/versions.sh");
        Files.writeString(versions, Files.readString(versions)
                .replace("GATEWAY_API_SHA256=" + Expected.pinned("GATEWAY_API_SHA256"), "GATEWAY_API_SHA256=" + sha));
        String cached = "$ROOT/.cache/quarkus-k8s-platform/gateway-api/" + VERSION + "-" + sha.substring(0, 16) + "/standard";

        Sandbox.Run run = sandbox.script(Map.of(), "scripts/cluster/gateway-api-crds.sh", "install", "kubectl", "--context",
                "kind-quarkus-k8s-platform");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.commands().get(0).startsWith("curl ") && run.commands().get(0).endsWith(" " + URL), run.commands().toString());
        assertEquals(List.of(KUBE + " apply --server-side --force-conflicts -f " + cached,
                KUBE + " wait --for condition=Established --timeout=60s crd/gatewayclasses.gateway.networking.k8s.io"
                        + " crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io"),
                run.commands().subList(1, run.commands().size()));
        Path folder = sandbox.root.resolve(cached.replace("$ROOT/", ""));
        assertEquals(List.of("httproutes.yaml"), Files.list(folder).map(p -> p.getFileName().toString()).toList(),
                "the standard channel's files alone");

        // Cached: a second install fetches nothing.
        Sandbox.Run again = sandbox.script(Map.of(), "scripts/cluster/gateway-api-crds.sh", "install", "kubectl", "--context",
                "kind-quarkus-k8s-platform");
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.commands().stream().noneMatch(c -> c.startsWith("curl ")), again.commands().toString());
    }

    /** A machine that has never fetched the CRDs. */
    private Sandbox fresh() throws Exception {
        Sandbox sandbox = new Sandbox(dir.resolve("machine"));
        Files.delete(sandbox.root.resolve(Expected.GATEWAY_API_CRDS.replace("$ROOT/", "")));
        return sandbox;
    }
}
