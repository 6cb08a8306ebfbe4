package io.github.k8splatform.logs;

import io.github.k8splatform.web.BearerToken;
import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.github.k8splatform.web.QueryParameters;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The queries, on the HTTP port the Ingress routes to (batches arrive on IngestServer's port). Each
 * needs the read token (LogReadToken), and each is bounded so that no request can keep the shared
 * PostgreSQL busy: at most {@link #MAX_PAGES} pages of at most {@link #MAX_LIMIT} lines, and a
 * text search reads only the {@link #SEARCH_WINDOW} before until (since may narrow it, never widen
 * it), at most {@link LogRepository#MAX_SEARCHED_LINES} lines of it. Each bound is one parameter's
 * own, so the OpenAPI document states it; past one the answer is a 400 naming the parameter, before
 * the database is asked.
 */
@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 100;
    /** With MAX_LIMIT, at most 10,000 lines back. */
    static final int MAX_PAGES = 20;
    static final Duration SEARCH_WINDOW = Duration.ofHours(1);
    private static final String INSTANT = "an ISO-8601 instant such as 2026-11-25T10:00:00Z";
    /**
     * What Instant.parse takes of RFC 3339's date-time: at most nine digits of a second, no leap
     * second, an offset within java.time's +-18:00.
     */
    private static final String INSTANT_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-5][0-9]"
            + "(\\.[0-9]{1,9})?([Zz]|[+-](0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$";

    private final LogRepository logs;
    private final LogReadToken readers;

    LogResource(LogRepository logs, LogReadToken readers) {
        this.logs = logs;
        this.readers = readers;
    }

    /** Newest first, filtered, paged. */
    @GET
    @APIResponse(responseCode = "200", description = "The newest matching lines first",
            content = @Content(schema = @Schema(implementation = LogPage.class)))
    @APIResponse(responseCode = "401", description = "No read token")
    @APIResponse(responseCode = "403", description = "Not the read token")
    public LogPage newest(@HeaderParam(BearerToken.HEADER) String authorization,
            @QueryParam("namespace") String namespace, @QueryParam("pod") String pod,
            @QueryParam("container") String container,
            @QueryParam("contains") @Parameter(description = "Text to find, in the hour before until only") String contains,
            @QueryParam("since") @Parameter(description = INSTANT,
                    schema = @Schema(format = "date-time", pattern = INSTANT_PATTERN)) String since,
            @QueryParam("until") @Parameter(description = INSTANT + "; default now",
                    schema = @Schema(format = "date-time", pattern = INSTANT_PATTERN)) String until,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT)) String limit,
            @QueryParam("page") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + (MAX_PAGES - 1), defaultValue = "0")) String page) throws SQLException {
        readers.require(authorization);
        int size = QueryParameters.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int number = QueryParameters.intInRange("page", page, 0, 0, MAX_PAGES - 1);
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        String text = blankToNull(contains);
        if (text != null) {
            Instant windowStart = (to == null ? Instant.now() : to).minus(SEARCH_WINDOW);
            if (from == null || from.isBefore(windowStart)) {
                from = windowStart;
            }
        }
        List<StoredLogLine> items = logs.newest(new LogRepository.Query(blankToNull(namespace), blankToNull(pod),
                blankToNull(container), text, from, to, size, number));
        return new LogPage(items, number, size);
    }

    /** One page of stored lines, as asked for. */
    public record LogPage(List<StoredLogLine> items, int page, int limit) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.invalidField(name, name + " must be " + INSTANT));
        }
    }
}
