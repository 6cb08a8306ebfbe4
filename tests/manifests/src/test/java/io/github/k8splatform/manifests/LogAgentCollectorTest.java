package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * In the cluster the log agent ships to the collector URL its prod profile names by default
 * (services/log-agent application.properties, %prod.agent.collector-url): http://&lt;service&gt;.&lt;namespace&gt;:&lt;port&gt;
 * must be a port of that Service in the rendered overlay, and the DaemonSet must not point it elsewhere.
 */
class LogAgentCollectorTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    private static final String KEY = "%prod.agent.collector-url";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{([A-Z_]+):([^}]+)}");

    @Test
    void theDefaultIsTheLogsServiceOfThePlatformNamespace() {
        URI url = URI.create(defaultUrl());
        assertEquals("logs.platform", url.getHost(), KEY);
        assertEquals(Project.ingestPort(), url.getPort(), KEY + ": the logs service's ingest port");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theAgentReachesTheRenderedLogsService(String overlay) {
        List<HasMetadata> objects = RenderedOverlay.of(overlay).objects;
        DaemonSet agent = RenderedOverlay.of(overlay).one(DaemonSet.class, "log-agent");
        List<EnvVar> env = agent.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertFalse(env.stream().anyMatch(e -> e.getName().equals("QUARKUS_PROFILE")), "the agent runs its prod profile");
        assertEquals(List.of(), unreachable(effectiveUrl(agent), objects), overlay);
    }

    @Test
    void anOverrideToAnotherPortIsFound() {
        List<HasMetadata> broken = Broken.mutated(DaemonSet.class, "log-agent", d -> d.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().add(new EnvVarBuilder().withName(variable()).withValue("http://logs.platform:8080").build()));
        DaemonSet agent = (DaemonSet) broken.stream().filter(DaemonSet.class::isInstance).findFirst().orElseThrow();
        assertEquals("http://logs.platform:8080", effectiveUrl(agent));
        assertEquals(List.of("Service logs in namespace platform has no port 8080"), unreachable(effectiveUrl(agent), broken));
        assertEquals(List.of("no Service log in namespace platform"), unreachable("http://log.platform:8083", broken));
    }

    /** What a cluster's DNS and the Service make of http://service.namespace[.svc...]:port. */
    static List<String> unreachable(String collectorUrl, List<HasMetadata> objects) {
        URI url = URI.create(collectorUrl);
        String[] host = url.getHost().split("\\.", 3);
        List<String> problems = new ArrayList<>();
        if (host.length < 2 || host.length == 3 && !host[2].matches("svc(\\.cluster\\.local)?")) {
            problems.add(url.getHost() + " is not <service>.<namespace>[.svc[.cluster.local]]");
            return problems;
        }
        Optional<Service> service = Selection.only(objects, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(host[0]) && Objects.equals(s.getMetadata().getNamespace(), host[1])).findFirst();
        if (service.isEmpty()) {
            problems.add("no Service " + host[0] + " in namespace " + host[1]);
        } else if (service.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort() == url.getPort())) {
            problems.add("Service " + host[0] + " in namespace " + host[1] + " has no port " + url.getPort());
        }
        return problems;
    }

    /** The collector URL the agent's container uses: the environment variable if the DaemonSet sets it, else the default. */
    private static String effectiveUrl(DaemonSet agent) {
        return agent.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(variable())).map(EnvVar::getValue).findFirst().orElse(defaultUrl());
    }

    private static Matcher configured() {
        String value = Project.config("log-agent").getProperty(KEY);
        Matcher m = ENV_DEFAULT.matcher(String.valueOf(value));
        assertTrue(m.matches(), KEY + " is ${VARIABLE:default}: " + value);
        return m;
    }

    private static String variable() {
        return configured().group(1);
    }

    private static String defaultUrl() {
        return configured().group(2);
    }
}
