package io.github.k8splatform.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a configured token nobody is an agent: every batch is refused, whatever it carries. */
class AgentIdentityTest {

    @Test
    void withoutATokenEveryCallerIsRefused() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            for (Optional<String> unset : List.of(Optional.<String>empty(), Optional.of(" "))) {
                Router router = Router.router(vertx);
                router.route().handler(new AgentIdentity(unset)::check).handler(ctx -> ctx.response().end("stored"));
                HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                try {
                    for (String authorization : List.of("Bearer ", "Bearer  ", "Bearer x")) {
                        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.actualPort() + IngestServer.PATH))
                                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(401, r.statusCode(), unset + " / " + authorization + ": " + r.body());
                    }
                } finally {
                    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
