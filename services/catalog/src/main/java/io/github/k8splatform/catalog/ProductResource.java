package io.github.k8splatform.catalog;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.github.k8splatform.web.QueryParameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;

@Path("/api/catalog/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final int MAX_PAGE_SIZE = 100;

    private final ProductRepository products;

    ProductResource(ProductRepository products) {
        this.products = products;
    }

    @GET
    public ProductPage list(@QueryParam("page") String page, @QueryParam("size") String size) throws SQLException {
        return products.page(QueryParameters.intInRange("page", page, 0, 0, 1_000_000),
                QueryParameters.intInRange("size", size, 20, 1, MAX_PAGE_SIZE));
    }

    @GET
    @Path("{sku}")
    public Product get(@PathParam("sku") String sku) throws SQLException {
        return products.find(sku).orElseThrow(() -> notFound(sku));
    }

    @POST
    @RolesAllowed(WriteTokenMechanism.WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid ProductInput body) throws SQLException {
        if (body.sku() == null) {
            throw new ProblemException(Problem.invalidField("sku", "sku is required"));
        }
        Product created = products.insert(body.toProduct(body.sku())).orElseThrow(() -> new ProblemException(
                Problem.of(409, "conflict", "Conflict", "a product with sku " + body.sku() + " exists; PUT replaces it")
                        .withField("sku")));
        return Response.created(URI.create("/api/catalog/products/" + created.sku())).entity(created).build();
    }

    @PUT
    @Path("{sku}")
    @RolesAllowed(WriteTokenMechanism.WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("sku") String sku, @NotNull @Valid ProductInput body) throws SQLException {
        if (!sku.matches(ProductInput.SKU_PATTERN)) {
            throw new ProblemException(Problem.invalidField("sku", "sku in the path must match " + ProductInput.SKU_PATTERN));
        }
        if (body.sku() != null && !body.sku().equals(sku)) {
            throw new ProblemException(Problem.invalidField("sku", "sku in the body differs from the path"));
        }
        ProductRepository.Upserted saved = products.upsert(body.toProduct(sku));
        return Response.status(saved.created() ? 201 : 200).entity(saved.product()).build();
    }

    @DELETE
    @Path("{sku}")
    @RolesAllowed(WriteTokenMechanism.WRITER)
    public Response delete(@PathParam("sku") String sku) throws SQLException {
        if (!products.delete(sku)) {
            throw notFound(sku);
        }
        return Response.noContent().build();
    }

    private static ProblemException notFound(String sku) {
        return new ProblemException(Problem.of(404, "not-found", "Not Found", "no product with sku " + sku)
                .withField("sku"));
    }
}
