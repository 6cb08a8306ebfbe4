package io.github.k8splatform.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** orders, at quarkus.rest-client.orders.url; only what the overview shows. */
@RegisterRestClient(configKey = "orders")
@Path("/api/orders")
public interface OrdersClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCount(long total) {
    }

    @GET
    Uni<OrderCount> orders(@QueryParam("limit") int limit);

    /** Passed through as it is: the gateway shows the report, it does not interpret it. */
    @GET
    @Path("reports/latest")
    Uni<JsonNode> latestReport();
}
