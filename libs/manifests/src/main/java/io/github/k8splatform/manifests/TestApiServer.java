package io.github.k8splatform.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real kube-apiserver `make test` starts for the tests (scripts/kubernetes/apiserver.sh with). */
public final class TestApiServer {

    private TestApiServer() {
    }

    /** Its cluster-admin kubeconfig, from KUBECONFIG; one line saying how to get one when there is none. */
    public static Path kubeconfig() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || !Files.isRegularFile(Path.of(kubeconfig))) {
            throw new IllegalStateException("no API server: run these tests with make test (scripts/kubernetes/apiserver.sh with),"
                    + " or make apiserver and KUBECONFIG=target/apiserver/kubeconfig");
        }
        return Path.of(kubeconfig);
    }
}
