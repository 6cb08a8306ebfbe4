package io.github.k8splatform.e2e;

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
 * Turns the platform's Ingress into an nginx configuration, so the container end-to-end run has the
 * same routes as the cluster. A Prefix path /p matches /p and /p/... but not /pq: in nginx that is
 * an exact location for /p plus a prefix location for /p/ (/ alone is just the prefix location).
 */
public final class NginxEdge {

    public static final int LISTEN_PORT = 8080;

    private NginxEdge() {
    }

    /** One route: an Ingress path and the upstream host:port its backend Service stands for. */
    public record Route(String path, String upstream, String hostPort) {
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
        return new Route(path.getPath(), backend.getName(), backend.getName() + ":" + port.getPort());
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

    public static String config(List<Route> routes) {
        StringBuilder upstreams = new StringBuilder();
        routes.stream().map(r -> Map.entry(r.upstream(), r.hostPort())).distinct().forEach(u -> upstreams.append("""
                    upstream %s {
                        server %s max_fails=0;
                        keepalive 16;
                    }
                """.formatted(u.getKey(), u.getValue())));
        StringBuilder locations = new StringBuilder();
        locations(routes).forEach((location, upstream) -> locations.append("""
                        location %s {
                            proxy_pass http://%s;
                        }
                """.formatted(location, upstream)));
        return """
                # Generated from ingress/ingress.yaml by `e2e edge-config`: the Ingress's routes for nginx.
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
                    # No keep-alive towards clients: the edge follows new replicas by reloading, and a
                    # reload closes idle client connections, which can race a client about to reuse
                    # one (suspected in a rolling-update run that lost one request in 2000 without an
                    # HTTP answer). Traefik follows endpoints without a reload.
                    keepalive_timeout 0;
                    # The services enforce their own body limit (64 KiB, answered with a problem document).
                    client_max_body_size 1m;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    # A Service name resolves to every replica. One that is draining answers 503, one
                    # that is gone does not answer at all: fail fast (200 ms is ample on a local bridge) and try the next replica, as an
                    # endpoint list without it would. Replicas are never marked down (max_fails=0): on two
                    # busy cores a healthy replica's slow answer must not leave "no live upstreams".
                    # Safe for POST /api/orders too: it requires an Idempotency-Key, so a retried order
                    # is never written twice.
                    proxy_connect_timeout 200ms;
                    proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                    proxy_next_upstream_tries 4;
                    proxy_next_upstream_timeout 8s;
                %s
                    server {
                        listen %d;
                %s    }
                }
                """.formatted(upstreams, LISTEN_PORT, locations);
    }
}
