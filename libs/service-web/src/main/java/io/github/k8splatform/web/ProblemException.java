package io.github.k8splatform.web;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by resources to answer with a problem document (and headers the status calls for, such as
 * WWW-Authenticate on a 401); ProblemMappers turns it into the response.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The problem document with its headers, for a mapper that answers with it. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        headers.forEach(response::header);
        return response.build();
    }

    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(problem, Map.copyOf(more));
    }
}
