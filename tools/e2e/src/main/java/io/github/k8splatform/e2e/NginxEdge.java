package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * nginx configurations that stand in for what a cluster routes with, so the container end-to-end
 * run has the cluster's routes: the Ingress controller (the edge, from the platform's Ingress) and
 * kube-proxy (one stable address per ClusterIP Service, in front of the replicas that are its ready
 * endpoints). A Prefix path /p matches /p and /p/... but not /pq: in nginx that is an exact location
 * for /p plus a prefix location for /p/ (/ alone is just the prefix location).
 */
public final class NginxEdge {

    public static final int LISTEN_PORT = 8080;

    private NginxEdge() {
    }

    /** A Service port: what callers dial (port) and where on its pods it sends them (targetPort). */
    public record Backend(String service, int port, int targetPort) {
        /** The nginx upstream: one per Service port, since a Service may have several (logs: queries and ingest). */
        public String upstream() {
            return service + "-" + port;
        }
    }

    /** One route: an Ingress path and the Service port its backend names. */
    public record Route(String path, Backend backend) {
        public String upstream() {
            return backend.upstream();
        }
    }

    public static List<Route> routes(Ingress ingress, Function<String, Service> services) {
        return ingress.getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(path -> route(path, services))
                .toList();
    }

    private static Route route(HTTPIngressPath path, Function<String, Service> services) {
        if (!"Prefix".equals(path.getPathType())) {
            throw new IllegalArgumentException("only pathType Prefix is supported, not " + path.getPathType());
        }
        IngressServiceBackend backend = path.getBackend().getService();
        Service service = services.apply(backend.getName());
        ServicePort port = service.getSpec().getPorts().stream()
                .filter(p -> backend.getPort().getName() != null
                        ? backend.getPort().getName().equals(p.getName())
                        : backend.getPort().getNumber().equals(p.getPort()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Service " + backend.getName() + " has no port " + backend.getPort()));
        return new Route(path.getPath(), backend(service, port));
    }

    /** Every port of a Service; the targetPort must be a number, as the platform's generated Services have. */
    public static List<Backend> backends(Service service) {
        return service.getSpec().getPorts().stream().map(port -> backend(service, port)).toList();
    }

    private static Backend backend(Service service, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target != null && target.getIntVal() == null) {
            throw new IllegalArgumentException("Service " + service.getMetadata().getName() + ": only numeric targetPorts"
                    + " are stood in for, not " + target.getStrVal());
        }
        return new Backend(service.getMetadata().getName(), port.getPort(), target == null ? port.getPort() : target.getIntVal());
    }

    /** The nginx locations for the routes, keyed by location (with "= " for exact ones). */
    public static Map<String, String> locations(List<Route> routes) {
        Map<String, String> locations = new LinkedHashMap<>();
        for (Route route : routes) {
            String path = route.path().endsWith("/") && route.path().length() > 1
                    ? route.path().substring(0, route.path().length() - 1) : route.path();
            if (path.equals("/")) {
                locations.put("/", route.upstream());
            } else {
                locations.put("= " + path, route.upstream());
                locations.put(path + "/", route.upstream());
            }
        }
        return locations;
    }

    /** The Ingress controller: LISTEN_PORT routes each path to its Service's ready endpoints. */
    public static String config(List<Route> routes, Map<String, List<String>> endpoints) {
        StringBuilder locations = new StringBuilder();
        locations(routes).forEach((location, upstream) -> locations.append("""
                        location %s {
                            proxy_pass http://%s;
                        }
                """.formatted(location, upstream)));
        String server = """
                    server {
                        listen %d;
                %s    }
                """.formatted(LISTEN_PORT, locations);
        return http("the Ingress's routes, from ingress/ingress.yaml",
                upstreams(routes.stream().map(Route::backend).distinct().toList(), endpoints), server);
    }

    /** kube-proxy: each Service port answers on its own port and sends to the Service's ready endpoints. */
    public static String clusterIpConfig(List<Backend> services, Map<String, List<String>> endpoints) {
        StringBuilder servers = new StringBuilder();
        services.forEach(b -> servers.append("""
                    server {
                        listen %d;
                        location / {
                            proxy_pass http://%s;
                        }
                    }
                """.formatted(b.port(), b.upstream())));
        return http("the ClusterIP Services, from the rendered overlay", upstreams(services, endpoints), servers.toString());
    }

    /** One upstream per Service: its ready endpoints, as an EndpointSlice lists them. */
    private static String upstreams(List<Backend> backends, Map<String, List<String>> endpoints) {
        StringBuilder upstreams = new StringBuilder();
        for (Backend b : backends) {
            List<String> ready = endpoints.getOrDefault(b.service(), List.of());
            StringBuilder servers = new StringBuilder();
            ready.forEach(host -> servers.append("        server %s:%d max_fails=0;\n".formatted(host, b.targetPort())));
            if (ready.isEmpty()) {
                // nginx needs a server in every upstream; one marked down makes a Service without a
                // ready endpoint fail every request (502), as it does on a cluster (Traefik: 503).
                servers.append("        server 127.0.0.1:1 down;\n");
            }
            upstreams.append("""
                        upstream %s {
                    %s        keepalive 16;
                        }
                    """.formatted(b.upstream(), servers));
        }
        return upstreams.toString();
    }

    private static String http(String what, String upstreams, String servers) {
        return """
                # Generated by the e2e tool: %s, for nginx.
                worker_processes 1;
                pid /tmp/nginx.pid;
                error_log stderr warn;
                events {
                    worker_connections 1024;
                }
                http {
                    access_log /dev/stdout;
                    client_body_temp_path /tmp/client_body;
                    proxy_temp_path /tmp/proxy;
                    fastcgi_temp_path /tmp/fastcgi;
                    uwsgi_temp_path /tmp/uwsgi;
                    scgi_temp_path /tmp/scgi;
                    # No keep-alive towards clients: a reload (which follows the endpoints) closes idle
                    # client connections, which can race a client about to reuse one (suspected in a
                    # rolling-update run that lost one request in 2000 without an HTTP answer). Traefik
                    # and kube-proxy follow endpoints without a reload.
                    keepalive_timeout 0;
                    # The services enforce their own body limit (64 KiB, answered with a problem document).
                    client_max_body_size 1m;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    # No retry on another endpoint: Traefik (the real Ingress) and kube-proxy retry
                    # nothing, so a request that meets a draining or gone replica fails here as it
                    # would on a cluster, and the drill sees it. Replicas are never marked down by
                    # nginx either (max_fails=0): only their readiness takes them out of an upstream.
                    # A connect on the local bridge takes microseconds: 2 s bounds one to a gone replica.
                    proxy_connect_timeout 2s;
                    proxy_next_upstream off;
                %s%s}
                """.formatted(what, upstreams, servers);
    }
}
