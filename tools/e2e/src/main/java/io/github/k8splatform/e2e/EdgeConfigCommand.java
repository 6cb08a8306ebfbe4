package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the nginx configuration that routes like the Ingress of an overlay. */
@Command(name = "edge-config", description = "Print the nginx configuration generated from the Ingress.")
public class EdgeConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--overlay", defaultValue = "kind", description = "k8s/overlays/<overlay>; default: ${DEFAULT-VALUE}")
    String overlay;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(generate(RenderedOverlay.of(overlay)));
        return 0;
    }

    /** Each Service's endpoints stand for themselves here: the routes reach the Services by name. */
    static String generate(RenderedOverlay rendered) {
        Ingress ingress = rendered.all(Ingress.class).get(0);
        List<NginxEdge.Route> routes = NginxEdge.routes(ingress, name -> rendered.one(Service.class, name));
        Map<String, List<String>> byName = new LinkedHashMap<>();
        routes.forEach(r -> byName.put(r.backend().service(), List.of(r.backend().service())));
        return NginxEdge.config(routes, byName);
    }
}
