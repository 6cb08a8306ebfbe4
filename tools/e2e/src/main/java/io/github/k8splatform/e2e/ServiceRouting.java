package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What routes traffic in a cluster, stood in for on the docker network: the ready endpoints of each
 * ClusterIP Service (an EndpointSlice), kube-proxy (an nginx container that answers to every Service
 * name, service and service.namespace, on the Service's ports) and the Ingress controller (an nginx
 * edge from the Ingress, published on 127.0.0.1). Replicas have no Service name of their own, so a
 * caller always goes through the Service. ReadinessWatcher decides when a replica joins or leaves;
 * it calls from its own thread, hence the synchronized methods.
 */
final class ServiceRouting {

    private final Docker docker;
    private final String prefix;
    private final String image;
    private final List<Service> services;
    private final List<Deployment> deployments;
    private final List<NginxEdge.Route> routes;
    private final Map<String, List<String>> endpoints = new LinkedHashMap<>();
    private final Path edgeConf;
    private final Path clusterIpConf;
    private String edge;
    private String clusterIp;

    ServiceRouting(Docker docker, RenderedOverlay rendered, String prefix, String image, Path work) throws IOException {
        this.docker = docker;
        this.prefix = prefix;
        this.image = image;
        this.services = rendered.all(Service.class).stream().filter(ServiceRouting::hasClusterIp).toList();
        this.deployments = rendered.all(Deployment.class);
        this.routes = NginxEdge.routes(rendered.all(Ingress.class).get(0), name -> rendered.one(Service.class, name));
        this.edgeConf = readable(Files.createFile(work.resolve("edge.conf")));
        this.clusterIpConf = readable(Files.createFile(work.resolve("cluster-ip.conf")));
    }

    /** A ClusterIP Service with a selector: headless ones (postgres) resolve to the pod itself. */
    private static boolean hasClusterIp(Service s) {
        return (s.getSpec().getType() == null || s.getSpec().getType().equals("ClusterIP"))
                && !"None".equals(s.getSpec().getClusterIP()) && s.getSpec().getSelector() != null;
    }

    /** A replica of a Deployment turned ready: it joins every Service that selects its pods (once). */
    synchronized void join(String deployment, String replica) {
        Map<String, String> labels = deployments.stream().filter(d -> d.getMetadata().getName().equals(deployment))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no Deployment " + deployment))
                .getSpec().getTemplate().getMetadata().getLabels();
        services.stream().filter(s -> labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                .map(s -> endpoints.computeIfAbsent(s.getMetadata().getName(), k -> new ArrayList<>()))
                .filter(ready -> !ready.contains(replica))
                .forEach(ready -> ready.add(replica));
        publish();
    }

    /** A replica not ready, or terminating, leaves every Service. */
    synchronized void leave(String replica) {
        endpoints.values().forEach(ready -> ready.remove(replica));
        publish();
    }

    /** Whether the replica is an endpoint of some Service. */
    synchronized boolean routes(String replica) {
        return endpoints.values().stream().anyMatch(ready -> ready.contains(replica));
    }

    /** Starts kube-proxy and the edge; the edge's base URL on 127.0.0.1. */
    synchronized URI start(String network) throws IOException {
        write();
        List<String> proxyArgs = new ArrayList<>(List.of("--name", prefix + "-cluster-ip", "--network", network));
        for (Service s : services) {
            proxyArgs.addAll(List.of("--network-alias", s.getMetadata().getName(),
                    "--network-alias", s.getMetadata().getName() + "." + s.getMetadata().getNamespace()));
        }
        proxyArgs.addAll(nginx(clusterIpConf));
        clusterIp = docker.start(proxyArgs);
        List<String> edgeArgs = new ArrayList<>(List.of("--name", prefix + "-edge", "--network", network,
                "-p", "127.0.0.1::" + NginxEdge.LISTEN_PORT));
        edgeArgs.addAll(nginx(edgeConf));
        edge = docker.start(edgeArgs);
        return URI.create("http://" + docker.published(edge, NginxEdge.LISTEN_PORT));
    }

    String edge() {
        return edge;
    }

    private List<String> nginx(Path conf) {
        return List.of("--read-only", "--tmpfs", "/tmp:mode=1777", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--memory", "64m", "-v", conf + ":/etc/nginx/nginx.conf:ro", image);
    }

    /** Rewrites both configurations in place (they are bind-mounted) and reloads the running nginx. */
    private void publish() {
        if (edge == null) {
            return;
        }
        try {
            write();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the nginx configuration", e);
        }
        docker.execIn(clusterIp, List.of("nginx", "-s", "reload"));
        docker.execIn(edge, List.of("nginx", "-s", "reload"));
    }

    private void write() throws IOException {
        List<NginxEdge.Backend> ports = services.stream().flatMap(s -> NginxEdge.backends(s).stream()).toList();
        Files.writeString(clusterIpConf, NginxEdge.clusterIpConfig(ports, endpoints));
        Files.writeString(edgeConf, NginxEdge.config(routes, endpoints));
    }

    private static Path readable(Path file) {
        file.toFile().setReadable(true, false);
        return file;
    }
}
