package io.github.k8splatform.catalog;

import io.github.k8splatform.web.BearerToken;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may change the catalog: a caller whose `Authorization: Bearer <token>` carries the write token
 * (app.write-token: the Secret catalog-write-token in the cluster, which make up creates per
 * install) has the role catalog-write, the token's own name; any other bearer is known but may not write (403), and no header is
 * anonymous (401 on a write). Reads need nothing. One shared token, not users: the catalog has one
 * kind of writer, the operator. The check is service-web's BearerToken (constant time; without a
 * configured token nobody is the writer; one shorter than 32 characters stops the start-up).
 */
@Startup
@ApplicationScoped
public class WriteTokenMechanism implements HttpAuthenticationMechanism {

    /** The role of whoever carries the write token: the token's name (WriteTokenTest checks they agree). */
    static final String WRITER = "catalog-write";

    private final BearerToken token;

    WriteTokenMechanism(@ConfigProperty(name = "app.write-token") Optional<String> token) {
        this.token = new BearerToken("catalog", "write", token);
    }

    BearerToken token() {
        return token;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        BearerToken.Verdict verdict = token.verdict(context.request().getHeader(BearerToken.HEADER));
        if (verdict == BearerToken.Verdict.MISSING) {
            return Uni.createFrom().nullItem();
        }
        boolean writer = verdict == BearerToken.Verdict.VALID;
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(writer ? WRITER : "unknown bearer"));
        if (writer) {
            identity.addRole(WRITER);
        }
        return Uni.createFrom().item(identity.build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", token.challenge()));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
