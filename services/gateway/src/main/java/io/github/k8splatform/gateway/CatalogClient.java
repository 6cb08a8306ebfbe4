package io.github.k8splatform.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** catalog, at quarkus.rest-client.catalog.url; only what the overview shows. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog")
public interface CatalogClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProductCount(long total) {
    }

    @GET
    @Path("products")
    Uni<ProductCount> products(@QueryParam("size") int size);
}
