package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The log agent ships the platform's own namespaces and no other: its default (agent.namespaces) is
 * exactly the Namespaces the overlay creates, no overlay widens it (LOG_NAMESPACES), and the
 * migration that cleared other namespaces' lines keeps the same list.
 */
class LogAgentScopeTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theAgentShipsExactlyThePlatformsNamespaces(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String setting = Project.config("log-agent").getProperty("agent.namespaces");
        String defaults = setting.replaceFirst("^\\$\\{LOG_NAMESPACES:(.*)}$", "$1");
        Set<String> shipped = new TreeSet<>(Arrays.stream(defaults.split(",")).map(String::trim).toList());
        Set<String> created = new TreeSet<>(rendered.all(Namespace.class).stream().map(HasMetadata::getMetadata)
                .map(m -> m.getName()).toList());
        assertEquals(created, shipped, "agent.namespaces' default (" + setting + ")");
        String kept = Project.read(Project.ROOT.resolve("services/logs/db/V3__platform_namespaces_only.sql"))
                .replaceAll("(?s).*NOT IN \\(([^)]*)\\).*", "$1");
        assertEquals(created, new TreeSet<>(Arrays.stream(kept.split(",")).map(n -> n.trim().replace("'", "")).toList()),
                "the namespaces V3 keeps the lines of");
        for (DaemonSet agent : rendered.all(DaemonSet.class)) {
            for (var container : agent.getSpec().getTemplate().getSpec().getContainers()) {
                List<String> widened = (container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()).stream()
                        .map(EnvVar::getName).filter("LOG_NAMESPACES"::equals).toList();
                assertTrue(widened.isEmpty(), overlay + ": " + agent.getMetadata().getName() + " sets LOG_NAMESPACES");
            }
        }
    }
}
