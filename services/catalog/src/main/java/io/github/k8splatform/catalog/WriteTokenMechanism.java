package io.github.k8splatform.catalog;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may change the catalog: a caller whose `Authorization: Bearer <token>` carries the write token
 * (app.catalog.write-token: the Secret catalog-write-token in the cluster, which make up creates per
 * install) is the writer; any other bearer is known but may not write (403), and no header is
 * anonymous (401 on a write). Reads need nothing. One shared token, not users: the catalog has one
 * kind of writer, the operator. Compared in constant time, so its bytes cannot be guessed by timing.
 * Without a configured token nobody is the writer: writes fail closed.
 */
@ApplicationScoped
public class WriteTokenMechanism implements HttpAuthenticationMechanism {

    static final String WRITER = "catalog-writer";
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    WriteTokenMechanism(@ConfigProperty(name = "app.catalog.write-token") Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean writer = token.isPresent() && MessageDigest.isEqual(token.get(), presented);
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(writer ? WRITER : "unknown bearer"));
        if (writer) {
            identity.addRole(WRITER);
        }
        return Uni.createFrom().item(identity.build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
