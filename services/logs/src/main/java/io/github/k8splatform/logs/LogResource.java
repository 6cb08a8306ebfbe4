package io.github.k8splatform.logs;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.github.k8splatform.web.QueryParameters;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The queries, on the HTTP port the Ingress routes to; batches arrive on IngestServer's port. */
@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    private final LogRepository logs;

    LogResource(LogRepository logs) {
        this.logs = logs;
    }

    /** Newest first, filtered, paged. */
    @GET
    public Map<String, Object> newest(@QueryParam("namespace") String namespace, @QueryParam("pod") String pod,
            @QueryParam("container") String container, @QueryParam("contains") String contains,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("page") String page) throws SQLException {
        int size = QueryParameters.intInRange("limit", limit, 100, 1, 500);
        int number = QueryParameters.intInRange("page", page, 0, 0, 100_000);
        List<StoredLogLine> items = logs.newest(new LogRepository.Query(blankToNull(namespace), blankToNull(pod),
                blankToNull(container), blankToNull(contains), instant("since", since), instant("until", until),
                size, number));
        return Map.of("items", items, "page", number, "limit", size);
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
            throw new ProblemException(Problem.invalidField(name, name + " must be an ISO-8601 instant such as 2026-11-25T10:00:00Z"));
        }
    }
}
