package io.github.k8splatform.web;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a control character (U+0000 to U+001F, U+007F to U+009F) in any path or query parameter,
 * decoded, before a resource runs: 400 naming the parameter, and no database call. The edge in front
 * may or may not refuse them (nginx refuses a NUL in a path, Traefik, a NodePort or make run do not),
 * and PostgreSQL rejects a NUL in text, which would otherwise surface as a 503.
 */
public class ParameterCharacters {

    @ServerRequestFilter
    public Response refuseControlCharacters(UriInfo uri) {
        String offending = firstOffending(uri.getPathParameters());
        if (offending == null) {
            offending = firstOffending(uri.getQueryParameters());
        }
        return offending == null ? null : Problem.invalidField(offending,
                offending + " must not contain control characters (U+0000 to U+001F, U+007F to U+009F)").toResponse();
    }

    /** The first parameter with a control character; "query" when it is in a parameter's name. */
    private static String firstOffending(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (hasControl(parameter.getKey())) {
                return "query";
            }
            if (parameter.getValue().stream().anyMatch(ParameterCharacters::hasControl)) {
                return parameter.getKey();
            }
        }
        return null;
    }

    private static boolean hasControl(String text) {
        return text != null && text.chars().anyMatch(Character::isISOControl);
    }
}
