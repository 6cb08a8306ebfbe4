package io.github.k8splatform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code field} names the offending input when there is one;
 * {@code errors} lists every field when validation found several.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem("urn:problem:" + kind, title, status, detail, null, null);
    }

    public static Problem invalidField(String field, String detail) {
        return new Problem("urn:problem:invalid-input", "Invalid input", 400, detail, field, null);
    }

    /** A request body over the limit, before or while it is read. */
    public static Problem bodyTooLarge(long maxBytes) {
        return of(413, "body-too-large", "Payload Too Large", "the request body is over " + maxBytes + " bytes").withField("body");
    }

    /** A database outage is the platform's problem, not the caller's: 503 so clients and probes retry. */
    public static Problem databaseUnavailable() {
        return of(503, "database-unavailable", "Service Unavailable", "the database is not reachable; retry later");
    }

    /** A failure the service did not expect; the caller learns only that it is logged. */
    public static Problem internal() {
        return of(500, "internal", "Internal Server Error", "the service failed to handle the request; it is logged");
    }

    public Problem withField(String offending) {
        return new Problem(type, title, status, detail, offending, errors);
    }

    public Problem withErrors(List<FieldError> all) {
        return new Problem(type, title, status, detail, all.isEmpty() ? field : all.get(0).field(), all);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** The same answer from a Vert.x route, for the limits checked before JAX-RS matches a resource. */
    public void send(HttpServerResponse response) {
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(Json.encode(this));
    }
}
