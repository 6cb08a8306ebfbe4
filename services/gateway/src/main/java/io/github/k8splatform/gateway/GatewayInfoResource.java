package io.github.k8splatform.gateway;

import io.github.k8splatform.web.ServiceIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/gateway/info")
public class GatewayInfoResource {

    private final ServiceIdentity identity;

    GatewayInfoResource(ServiceIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceIdentity.ServiceInfo info() {
        return identity.info();
    }
}
