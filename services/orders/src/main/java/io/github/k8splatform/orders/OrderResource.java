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

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,100}");
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final OrderPlacement placement;
    private final OrderRepository orders;

    OrderResource(OrderPlacement placement, OrderRepository orders) {
        this.placement = placement;
        this.orders = orders;
    }

    /** 201 for a new order; 200 with Idempotent-Replayed for a retry of one already placed. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@HeaderParam(IDEMPOTENCY_KEY) String key, @NotNull @Valid OrderRequest body)
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
    public Order get(@PathParam("id") String id) throws SQLException {
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(Problem.invalidField("id", "id must be a positive whole number"));
        }
        return orders.find(Long.parseLong(id)).orElseThrow(() -> new ProblemException(
                Problem.of(404, "not-found", "Not Found", "no order with id " + id).withField("id")));
    }

    @GET
    public OrderList newest(@QueryParam("limit") String limit) throws SQLException {
        return orders.newest(QueryParameters.intInRange("limit", limit, 20, 1, 100));
    }
}
