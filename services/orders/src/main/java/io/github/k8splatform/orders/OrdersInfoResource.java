package io.github.k8splatform.orders;

import io.github.k8splatform.web.ServiceIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/orders/info")
public class OrdersInfoResource {

    private final ServiceIdentity identity;

    OrdersInfoResource(ServiceIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceIdentity.ServiceInfo info() {
        return identity.info();
    }
}
