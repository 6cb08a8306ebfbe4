package io.github.k8splatform.batch;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of catalog's API the seed uses: the catalog owns its table, so batch writes products the
 * way any writer does, with the write token, never with SQL of its own. A status of 400 or more is
 * thrown as a WebApplicationException (the REST client's default), which the seed reads.
 */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog/products")
public interface CatalogApi {

    @GET
    @Path("{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    ProductFields get(@PathParam("sku") String sku);

    /** Creates or replaces the product (201 or 200): the same request twice leaves the same product. */
    @PUT
    @Path("{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ProductFields put(@PathParam("sku") String sku, @HeaderParam("Authorization") String authorization, ProductFields product);
}
