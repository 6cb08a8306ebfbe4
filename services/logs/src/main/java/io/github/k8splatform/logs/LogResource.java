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
import java.util.Map;

/**
 * The queries, on the HTTP port the Ingress routes to (batches arrive on IngestServer's port). Each
 * needs the read token (LogReadToken), and each is bounded so that no request can keep the shared
 * PostgreSQL busy: paging reaches at most {@link #MAX_LINES_BACK} lines back, and a text search
 * needs a time window of at most {@link #MAX_SEARCH_WINDOW} and reads at most
 * {@link LogRepository#MAX_SEARCHED_LINES} lines of it. Past a bound the answer is a 400 naming the
 * parameter, before the database is asked.
 */
@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    static final int MAX_LINES_BACK = 10_000;
    static final Duration MAX_SEARCH_WINDOW = Duration.ofHours(1);

    private final LogRepository logs;
    private final LogReadToken readers;

    LogResource(LogRepository logs, LogReadToken readers) {
        this.logs = logs;
        this.readers = readers;
    }

    /** Newest first, filtered, paged. */
    @GET
    public Map<String, Object> newest(@HeaderParam(BearerToken.HEADER) String authorization,
            @QueryParam("namespace") String namespace, @QueryParam("pod") String pod,
            @QueryParam("container") String container, @QueryParam("contains") String contains,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("page") String page) throws SQLException {
        readers.require(authorization);
        int size = QueryParameters.intInRange("limit", limit, 100, 1, 500);
        int number = QueryParameters.intInRange("page", page, 0, 0, MAX_LINES_BACK / size - 1);
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        String text = blankToNull(contains);
        if (text != null) {
            searchWindow(from, to == null ? Instant.now() : to);
        }
        List<StoredLogLine> items = logs.newest(new LogRepository.Query(blankToNull(namespace), blankToNull(pod),
                blankToNull(container), text, from, to, size, number));
        return Map.of("items", items, "page", number, "limit", size);
    }

    /** A text search reads every line of its window: the window must be given and short. */
    private static void searchWindow(Instant since, Instant until) {
        if (since == null) {
            throw new ProblemException(Problem.invalidField("since", "contains needs since (and until, default now): a"
                    + " window of at most " + MAX_SEARCH_WINDOW.toMinutes() + " minutes to search in"));
        }
        Duration window = Duration.between(since, until);
        if (window.compareTo(MAX_SEARCH_WINDOW) > 0) {
            throw new ProblemException(Problem.invalidField("since", "contains searches a window of at most "
                    + MAX_SEARCH_WINDOW.toMinutes() + " minutes; since is " + window.toMinutes() + " minutes before until"));
        }
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
