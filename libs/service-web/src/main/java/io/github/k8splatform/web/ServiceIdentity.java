package io.github.k8splatform.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this process is: what the identity headers and every /api/&lt;service&gt;/info answer say.
 * In the cluster POD_NAME, NODE_NAME and POD_NAMESPACE come from the downward API.
 */
@ApplicationScoped
public class ServiceIdentity {

    private final ServiceInfo info;

    ServiceIdentity(@ConfigProperty(name = "app.name") String service,
            @ConfigProperty(name = "app.version") String version,
            @ConfigProperty(name = "POD_NAME") Optional<String> podName,
            @ConfigProperty(name = "NODE_NAME") Optional<String> nodeName,
            @ConfigProperty(name = "POD_NAMESPACE") Optional<String> namespace) {
        this.info = new ServiceInfo(service, version,
                podName.filter(s -> !s.isBlank()).orElseGet(ServiceIdentity::hostName),
                nodeName.filter(s -> !s.isBlank()).orElse("unknown"),
                namespace.filter(s -> !s.isBlank()).orElse("none"),
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    public ServiceInfo info() {
        return info;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The body of GET /api/&lt;service&gt;/info. */
    public record ServiceInfo(String service, String version, String pod, String node, String namespace,
            Instant startedAt) {
    }
}
