package io.github.k8splatform.catalog;

import io.github.k8splatform.web.Problem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused write as problem+json naming the Authorization header, like every other refusal. */
public class WriteRefusals {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized",
                "changing the catalog needs Authorization: Bearer <the catalog write token>").withField("Authorization").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "the bearer token is not the catalog write token")
                .withField("Authorization").toResponse();
    }
}
