package io.github.k8splatform.catalog;

import io.github.k8splatform.web.BearerToken;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused write answered as service-web's BearerToken answers every door: 401 or 403, naming the header. */
public class WriteRefusals {

    @Inject
    WriteTokenMechanism mechanism;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return mechanism.token().refusal(BearerToken.Verdict.MISSING).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return mechanism.token().refusal(BearerToken.Verdict.WRONG).toResponse();
    }
}
