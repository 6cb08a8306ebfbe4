package io.github.k8splatform.gateway.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.TestApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two namespaces of their own on the real API server that `make test` starts (KUBECONFIG), standing
 * for platform and platform-logging, with the gateway's ServiceAccount and the kind overlay's own
 * rendered RBAC (its Roles, ClusterRoles and bindings, as `make up` applies them) moved into them.
 * The gateway reads them with a token the server issues for that ServiceAccount, nothing else:
 * the admin's kubeconfig is kept from its client. With {@code bound=false} the RBAC is left out.
 */
public class ApiServerNamespaces implements QuarkusTestResourceLifecycleManager {

    private static final String TRY_KUBECONFIG = "kubernetes.auth.tryKubeConfig";
    static KubernetesClient admin;
    static String namespace;
    static String loggingNamespace;
    private boolean bound = true;
    private String suffix;
    /** The cluster-wide objects this run created, under their names for this run: stop() deletes them. */
    private final List<HasMetadata> clusterWide = new ArrayList<>();

    @Override
    public void init(Map<String, String> args) {
        bound = !"false".equals(args.get("bound"));
    }

    @Override
    public Map<String, String> start() {
        try {
            admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(TestApiServer.kubeconfig()))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        namespace = "workloads-" + suffix;
        loggingNamespace = "workloads-logging-" + suffix;
        for (String ns : List.of(namespace, loggingNamespace)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("gateway")
                .endMetadata().build()).create();
        if (bound) {
            RenderedOverlay.of("kind").objects.stream().filter(ApiServerNamespaces::isRbac).forEach(this::createForThisRun);
            awaitBindings();
        }
        String token = admin.serviceAccounts().inNamespace(namespace).withName("gateway")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        // Quarkus' client starts from fabric8's auto-configuration, which would add the admin's
        // client certificate from KUBECONFIG to the token: the gateway must be the ServiceAccount alone.
        System.setProperty(TRY_KUBECONFIG, "false");
        return Map.of("quarkus.kubernetes-client.api-server-url", admin.getConfiguration().getMasterUrl(),
                "quarkus.kubernetes-client.token", token,
                "quarkus.kubernetes-client.ca-cert-data", admin.getConfiguration().getCaCertData(),
                "app.workloads.namespace", namespace, "app.workloads.logging-namespace", loggingNamespace,
                "app.workloads.service-account-dir", "target/no-such-service-account");
    }

    @Override
    public void stop() {
        System.clearProperty(TRY_KUBECONFIG);
        if (admin == null) {
            return;
        }
        admin.namespaces().withName(namespace).delete();
        admin.namespaces().withName(loggingNamespace).delete();
        clusterWide.forEach(o -> admin.resource(o).delete());
        admin.close();
    }

    /**
     * Until the RBAC authorizer, which reads bindings through its own informers, lets the gateway
     * watch pods and list nodes (at most 15 s): the informers then start on granted access.
     */
    private static void awaitBindings() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!(allowed("watch", "pods", namespace) && allowed("list", "nodes", null))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API server did not grant the gateway its RBAC within 15 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static boolean allowed(String verb, String resource, String inNamespace) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + namespace + ":gateway")
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withResource(resource).withNamespace(inNamespace).endResourceAttributes()
                .endSpec().build();
        return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    private static boolean isRbac(HasMetadata o) {
        return o instanceof Role || o instanceof RoleBinding || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
    }

    /** A copy of the overlay's object, in this run's namespaces; a cluster-wide one named for this run. */
    private void createForThisRun(HasMetadata object) {
        HasMetadata o = Serialization.clone(object);
        if (o instanceof ClusterRole || o instanceof ClusterRoleBinding) {
            o.getMetadata().setName(o.getMetadata().getName() + "-" + suffix);
            clusterWide.add(o);
        } else {
            o.getMetadata().setNamespace(thisRun(o.getMetadata().getNamespace()));
        }
        if (o instanceof ClusterRoleBinding b) {
            b.getRoleRef().setName(b.getRoleRef().getName() + "-" + suffix);
            b.getSubjects().forEach(subject -> subject.setNamespace(thisRun(subject.getNamespace())));
        } else if (o instanceof RoleBinding b) {
            b.getSubjects().forEach(subject -> subject.setNamespace(thisRun(subject.getNamespace())));
        }
        admin.resource(o).create();
    }

    /** The namespace of this run that stands for the overlay's {@code namespace}. */
    private String thisRun(String overlayNamespace) {
        return switch (overlayNamespace) {
            case "platform" -> namespace;
            case "platform-logging" -> loggingNamespace;
            default -> throw new IllegalStateException("the overlay's RBAC names namespace " + overlayNamespace);
        };
    }
}
