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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/catalog/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE = 1_000_000;
    // What a client does next with a product it created: the links in the document say so.
    private static final String GET_PRODUCT = "getProduct";
    private static final String REPLACE_PRODUCT = "replaceProduct";
    private static final String DELETE_PRODUCT = "deleteProduct";
    private static final String SKU = "$response.body#/sku";

    private final ProductRepository products;

    ProductResource(ProductRepository products) {
        this.products = products;
    }

    @GET
    @APIResponse(responseCode = "200", description = "One page of products, by sku",
            content = @Content(schema = @Schema(implementation = ProductPage.class)))
    public ProductPage list(
            @QueryParam("page") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + MAX_PAGE, defaultValue = "0")) String page,
            @QueryParam("size") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + MAX_PAGE_SIZE, defaultValue = "" + DEFAULT_PAGE_SIZE)) String size)
            throws SQLException {
        return products.page(QueryParameters.intInRange("page", page, 0, 0, MAX_PAGE),
                QueryParameters.intInRange("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE));
    }

    @GET
    @Path("{sku}")
    @Operation(operationId = GET_PRODUCT)
    @APIResponse(responseCode = "200", description = "The product",
            content = @Content(schema = @Schema(implementation = Product.class)))
    @APIResponse(responseCode = "404", description = "No product has this sku")
    public Product get(@PathParam("sku") String sku) throws SQLException {
        return products.find(sku).orElseThrow(() -> notFound(sku));
    }

    @POST
    @RolesAllowed(WriteTokenMechanism.WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProductInput.class,
            requiredProperties = "sku")))
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = Product.class)),
            links = {@Link(name = "product", operationId = GET_PRODUCT, parameters = @LinkParameter(name = "sku", expression = SKU)),
                    @Link(name = "replace", operationId = REPLACE_PRODUCT, parameters = @LinkParameter(name = "sku", expression = SKU)),
                    @Link(name = "delete", operationId = DELETE_PRODUCT, parameters = @LinkParameter(name = "sku", expression = SKU))})
    @APIResponse(responseCode = "409", description = "A product with this sku exists; PUT replaces it")
    public Response create(@NotNull @Valid ProductInput body) throws SQLException {
        if (body.sku() == null) {
            throw new ProblemException(Problem.invalidField("sku", "sku is required"));
        }
        Product created = products.insert(body.toProduct(body.sku())).orElseThrow(() -> new ProblemException(
                Problem.of(409, "conflict", "Conflict", "a product with sku " + body.sku() + " exists; PUT replaces it")
                        .withField("sku")));
        return Response.created(URI.create("/api/catalog/products/" + created.sku())).entity(created).build();
    }

    /** The sku is the path's: a body naming one too is refused, so that no request says two. */
    @PUT
    @Path("{sku}")
    @Operation(operationId = REPLACE_PRODUCT)
    @RolesAllowed(WriteTokenMechanism.WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProductInput.class,
            properties = @SchemaProperty(name = "sku", readOnly = true, description = "Not sent: the sku is the path's"))))
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = Product.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = Product.class)))
    public Response replace(
            @PathParam("sku") @Parameter(schema = @Schema(pattern = ProductInput.SKU_PATTERN)) String sku,
            @NotNull @Valid ProductInput body) throws SQLException {
        if (!sku.matches(ProductInput.SKU_PATTERN)) {
            throw new ProblemException(Problem.invalidField("sku", "sku in the path must match " + ProductInput.SKU_PATTERN));
        }
        if (body.sku() != null) {
            throw new ProblemException(Problem.invalidField("sku", "the sku goes in the path only, not in the body"));
        }
        ProductRepository.Upserted saved = products.upsert(body.toProduct(sku));
        return Response.status(saved.created() ? 201 : 200).entity(saved.product()).build();
    }

    @DELETE
    @Path("{sku}")
    @Operation(operationId = DELETE_PRODUCT)
    @RolesAllowed(WriteTokenMechanism.WRITER)
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No product has this sku")
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
