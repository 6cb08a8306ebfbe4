package io.github.k8splatform.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a resource can raise becomes a problem+json answer; none escapes as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Set<String> KEPT_HEADERS = Set.of("allow", "www-authenticate", "retry-after");

    private final AllowedMethods allowedMethods;

    ProblemMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message())
                .collect(Collectors.joining("; "));
        return Problem.invalidField(null, detail).withErrors(errors).toResponse();
    }

    /**
     * Unreadable bodies. Quarkus REST has its own mappers for some Jackson types and wraps others in a
     * 400, so each type is named here (the most specific mapper wins) and every path ends in one place.
     */
    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class, InvalidFormatException.class,
            UnrecognizedPropertyException.class, JsonProcessingException.class})
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return Problem.of(400, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON: " + e.getOriginalMessage()).withField("body").toResponse();
        }
        String field = e instanceof JsonMappingException m ? pathOf(m) : "body";
        String detail;
        if (e instanceof UnrecognizedPropertyException) {
            detail = "unknown field '" + field + "'";
        } else if (e instanceof NulFreeStrings.NulCharacterException) {
            detail = field + " " + e.getOriginalMessage();
        } else if (field.equals("body")) {
            detail = "the request body must be a JSON object";
        } else {
            detail = field + " has the wrong JSON type or format";
        }
        return Problem.invalidField(field, detail).toResponse();
    }

    /** Quarkus REST's 405 names no methods; RFC 9110 requires it to (Allow). */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response problem = http(e);
        return problem.getHeaderString("Allow") != null ? problem
                : Response.fromResponse(problem).header("Allow", allowedMethods.allowFor(uri.getPath())).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        Response.ResponseBuilder problem = Response.fromResponse(
                Problem.of(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage()).toResponse());
        // What the original answer told the client to do next stays: a 405's Allow (RFC 9110), a 401's
        // WWW-Authenticate, a Retry-After.
        e.getResponse().getStringHeaders().forEach((name, values) -> {
            if (KEPT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem.build();
    }

    /** A database outage is the platform's problem, not the caller's: 503 so clients and probes retry. */
    @ServerExceptionMapper
    public Response databaseUnavailable(SQLException e) {
        LOG.warnf("database error: %s", e.getMessage());
        return Response.fromResponse(Problem.databaseUnavailable().toResponse()).header("Retry-After", "2").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return Problem.internal().toResponse();
    }

    /** Violations on a method parameter come as method.param.field: callers only know the field. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false).toList();
        List<String> names = nodes.stream()
                .filter(n -> n.getKind() != ElementKind.METHOD)
                .map(Path.Node::getName)
                .toList();
        if (names.size() > 1 && nodes.stream().anyMatch(n -> n.getKind() == ElementKind.PARAMETER)) {
            names = names.subList(1, names.size());
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    private static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }
}
