package io.github.k8splatform.logs;

import io.github.k8splatform.web.Problem;
import io.github.k8splatform.web.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agents' door: POST /api/logs/ingest on a port of its own (logs.ingest.port), served by a Vert.x
 * server beside the Quarkus one that answers queries. The Ingress routes only to the query port, the
 * logs NetworkPolicy admits only the log agents to this one, and AgentIdentity refuses any batch
 * without the agents' token; nothing else is served here. A batch cut off by a shutdown is not
 * acknowledged, so its agent sends it again, and lines already stored are only counted (IngestLedger).
 */
@ApplicationScoped
public class IngestServer {

    public static final String PATH = "/api/logs/ingest";
    private static final Logger LOG = Logger.getLogger(IngestServer.class);

    private final Vertx vertx;
    private final AgentIdentity identity;
    private final LogBatchReader reader;
    private final LogRepository logs;
    private final IngestLedger ledger;
    private final String host;
    private final int port;
    private final long maxBodyBytes;
    private HttpServer server;

    IngestServer(Vertx vertx, AgentIdentity identity, LogBatchReader reader, LogRepository logs, IngestLedger ledger,
            @ConfigProperty(name = "quarkus.http.host") String host, IngestConfig ingest) {
        this.vertx = vertx;
        this.identity = identity;
        this.reader = reader;
        this.logs = logs;
        this.ledger = ledger;
        this.host = host;
        this.port = ingest.port();
        this.maxBodyBytes = ingest.maxBodySize().asLongValue();
    }

    void start(@Observes StartupEvent event) throws Exception {
        Router router = Router.router(vertx);
        // Two routes, since Vert.x puts a body handler before any other on its route: the identity
        // first, so a stranger's body is never read.
        router.post(PATH).order(0).handler(identity::check);
        router.post(PATH).order(1).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .blockingHandler(this::ingest, false)
                .failureHandler(this::failed);
        router.errorHandler(404, ctx -> Problem.of(404, "not-found", "Not Found",
                "this port serves only POST " + PATH).send(ctx.response()));
        router.errorHandler(405, ctx -> Problem.of(405, "method-not-allowed", "Method Not Allowed",
                PATH + " takes POST only").send(ctx.response()));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("log ingest on %s:%d", host, server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The port it listens on: logs.ingest.port, or the one picked when that is 0 (tests). */
    public int port() {
        return server.actualPort();
    }

    /** A batch from an agent; lines already stored are counted, not stored again, so a retry is harmless. */
    private void ingest(RoutingContext ctx) {
        String contentType = mediaType(ctx.request().getHeader("Content-Type"));
        if (!contentType.equals("application/json") && !contentType.equals(LogBatchReader.NDJSON)) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "a batch is application/json or " + LogBatchReader.NDJSON + ", not " + ctx.request().getHeader("Content-Type"))
                    .withField("Content-Type"));
        }
        Buffer body = ctx.body().buffer();
        List<LogLine> lines = reader.read(new ByteArrayInputStream(body == null ? new byte[0] : body.getBytes()),
                contentType, ctx.request().getHeader("Content-Encoding"));
        try {
            List<LogLine> duplicates = logs.storeReturningDuplicates(lines);
            ledger.record(lines, duplicates);
            ctx.response().putHeader("Content-Type", "application/json").end(Json.encode(Map.of(
                    "received", lines.size(), "stored", lines.size() - duplicates.size(), "duplicates", duplicates.size())));
        } catch (SQLException e) {
            ctx.fail(e);
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    /** Every failure of the route as a problem document, as the query port answers. */
    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        Problem problem;
        if (failure instanceof ProblemException p) {
            problem = p.problem();
        } else if (failure instanceof SQLException e) {
            LOG.warnf("database error: %s", e.getMessage());
            ctx.response().putHeader("Retry-After", "2");
            problem = Problem.databaseUnavailable();
        } else if (ctx.statusCode() == 413) {
            ctx.response().putHeader("Connection", "close");
            problem = Problem.bodyTooLarge(maxBodyBytes);
        } else {
            LOG.error("ingest failed", failure);
            problem = Problem.internal();
        }
        if (!ctx.response().ended()) {
            problem.send(ctx.response());
        }
    }
}
