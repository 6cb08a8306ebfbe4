package io.github.k8splatform.orders;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.github.k8splatform.web.QueryParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    // Anchored, as OpenAPI's patterns (ECMA-262) match anywhere in a value and the documents show these.
    private static final String KEY_PATTERN = "^[\\x21-\\x7E]{1,100}$";
    private static final String ID_PATTERN = "^[1-9][0-9]{0,17}$";
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    private static final String GET_ORDER = "getOrder";
    private static final int MAX_LIMIT = 100;
    private static final int DEFAULT_LIMIT = 20;

    private final OrderPlacement placement;
    private final OrderRepository orders;

    OrderResource(OrderPlacement placement, OrderRepository orders) {
        this.placement = placement;
        this.orders = orders;
    }

    /** 201 for a new order; 200 with Idempotent-Replayed for a retry of one already placed. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Placed; Location names the order",
            content = @Content(schema = @Schema(implementation = Order.class)),
            links = @Link(name = "order", operationId = GET_ORDER,
                    parameters = @LinkParameter(name = "id", expression = "$response.body#/id")))
    @APIResponse(responseCode = "200", description = "A retry of an order already placed with this key",
            headers = @Header(name = "Idempotent-Replayed", schema = @Schema(enumeration = "true")),
            content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "409", description = "This Idempotency-Key was used for a different order")
    @APIResponse(responseCode = "422", description = "The catalog has no product with this sku")
    @APIResponse(responseCode = "503", description = "The catalog did not answer: nothing was written; retry with the same key")
    public Response place(
            @HeaderParam(IDEMPOTENCY_KEY) @Parameter(required = true, schema = @Schema(pattern = KEY_PATTERN)) String key,
            @NotNull @Valid OrderRequest body)
            throws SQLException {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ProblemException(Problem.invalidField(IDEMPOTENCY_KEY,
                    "the Idempotency-Key header is required: 1 to 100 visible ASCII characters, e.g. a UUID"));
        }
        OrderPlacement.Placed placed = placement.place(key, body);
        URI location = URI.create("/api/orders/" + placed.order().id());
        return placed.created()
                ? Response.created(location).entity(placed.order()).build()
                : Response.ok(placed.order()).location(location).header("Idempotent-Replayed", "true").build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = GET_ORDER)
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(responseCode = "404", description = "No order has this id")
    public Order get(@PathParam("id") @Parameter(schema = @Schema(pattern = ID_PATTERN)) String id) throws SQLException {
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(Problem.invalidField("id", "id must be a positive whole number"));
        }
        return orders.find(Long.parseLong(id)).orElseThrow(() -> new ProblemException(
                Problem.of(404, "not-found", "Not Found", "no order with id " + id).withField("id")));
    }

    @GET
    @APIResponse(responseCode = "200", description = "The newest orders first",
            content = @Content(schema = @Schema(implementation = OrderList.class)))
    public OrderList newest(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT)) String limit) throws SQLException {
        return orders.newest(QueryParameters.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }
}
