package io.github.k8splatform.logs;

import io.github.k8splatform.web.BearerToken;
import io.github.k8splatform.web.Problem;
import io.quarkus.runtime.Startup;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may send a batch: a caller whose {@code Authorization: Bearer <token>} carries the ingest token
 * (app.ingest-token, from the Secret logs-ingest-token). make up creates that Secret per install with
 * one random value in two namespaces, platform for this collector and platform-logging for the
 * agents, and no other pod template names it. Anyone else (no header, another scheme, a wrong token)
 * gets 401 before the body is read, so nothing is stored; with no token configured nobody may send
 * (the check itself is service-web's BearerToken).
 *
 * <p>Why a shared Secret and not a projected ServiceAccount token checked with a TokenReview: a
 * TokenReview puts the API server in the path of every batch (or a cache with its own expiry), and
 * the collector, which has no API access today, would need a cluster-wide grant (create
 * tokenreviews) to make it. The price: the token does not expire by itself. Rotating it is deleting
 * both copies, make up, and restarting both workloads.
 */
@Startup
@ApplicationScoped
public class AgentIdentity {

    private final BearerToken token;

    AgentIdentity(@ConfigProperty(name = "app.ingest-token") Optional<String> token) {
        this.token = new BearerToken("logs", "ingest", token);
    }

    /**
     * Passes an agent's request on; answers anyone else with 401 (a wrong token too: the agents know
     * one answer, "check the Secret") and closes the connection unread.
     */
    void check(RoutingContext ctx) {
        String header = ctx.request().getHeader(BearerToken.HEADER);
        if (token.verdict(header) == BearerToken.Verdict.VALID) {
            ctx.next();
            return;
        }
        String detail = header == null ? "a batch needs Authorization: Bearer <the log agents' ingest token>"
                : "the Authorization header does not carry the log agents' ingest token";
        ctx.response().putHeader("WWW-Authenticate", token.challenge()).putHeader("Connection", "close");
        Problem.of(401, "unauthorized", "Unauthorized", detail).withField(BearerToken.HEADER).send(ctx.response());
    }
}
