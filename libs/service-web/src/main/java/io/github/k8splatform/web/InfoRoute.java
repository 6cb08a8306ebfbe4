package io.github.k8splatform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * GET /api/&lt;app.name&gt;/info: service, version, pod, node, namespace and start time. One route for
 * every service, under the service's own prefix so the Ingress routes it like the rest of its API.
 */
@ApplicationScoped
public class InfoRoute {

    private final String body;
    private final String path;

    InfoRoute(ServiceIdentity identity, ObjectMapper json, @ConfigProperty(name = "app.name") String service)
            throws JsonProcessingException {
        this.body = json.writeValueAsString(identity.info());
        this.path = "/api/" + service + "/info";
    }

    void install(@Observes Router router) {
        router.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    }
}
