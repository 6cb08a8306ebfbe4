package io.github.k8splatform.logs;

import io.github.k8splatform.web.BearerToken;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may read the stored lines: a caller with {@code Authorization: Bearer <token>} carrying the
 * read token (app.read-token, from the Secret logs-read-token that make up creates per install). Log
 * lines can hold anything a service printed, so they are not for whoever reaches the Ingress.
 * Made at start-up, so a token that is too short stops the service before it serves.
 */
@Startup
@ApplicationScoped
public class LogReadToken {

    private final BearerToken token;

    LogReadToken(@ConfigProperty(name = "app.read-token") Optional<String> token) {
        this.token = new BearerToken("logs", "read", token);
    }

    /** Throws the 401 or 403 problem unless authorization carries the read token. */
    void require(String authorization) {
        token.require(authorization);
    }
}
