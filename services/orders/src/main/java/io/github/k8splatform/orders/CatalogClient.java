package io.github.k8splatform.orders;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The catalog service, at quarkus.rest-client.catalog.url. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog/products")
public interface CatalogClient {

    @GET
    @Path("{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    CatalogProduct product(@PathParam("sku") String sku);
}
