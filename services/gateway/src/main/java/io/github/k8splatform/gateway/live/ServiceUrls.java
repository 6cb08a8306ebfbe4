package io.github.k8splatform.gateway.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every service the live page probes (app.traffic.services), with the URL of its ClusterIP Service:
 * quarkus.rest-client.&lt;service&gt;.url, as for the REST clients. The probe and, under make run, the
 * local edge both call the services there.
 */
@ApplicationScoped
public class ServiceUrls {

    private final Map<String, URI> urls = new LinkedHashMap<>();

    ServiceUrls(Config config, @ConfigProperty(name = "app.traffic.services") List<String> services) {
        for (String service : services) {
            urls.put(service, URI.create(config.getValue("quarkus.rest-client." + service + ".url", String.class)));
        }
    }

    /** Service name to URL, in app.traffic.services' order. */
    Map<String, URI> all() {
        return Collections.unmodifiableMap(urls);
    }
}
