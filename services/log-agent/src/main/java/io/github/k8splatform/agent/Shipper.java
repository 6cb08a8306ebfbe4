package io.github.k8splatform.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Sends a batch to the collector's ingest port as gzip-compressed NDJSON, with the agents' ingest token. */
final class Shipper {

    /**
     * What the collector said: stored (2xx), the agent's token refused (401: the batch is kept and sent
     * again), the batch refused for good (any other 4xx), or worth retrying.
     */
    enum Result { STORED, UNAUTHORIZED, REJECTED, RETRY }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI ingest;
    private final String node;
    private final String authorization;

    Shipper(URI collector, String node, String ingestToken) {
        this.ingest = collector.resolve("/api/logs/ingest");
        this.node = node;
        this.authorization = "Bearer " + ingestToken;
    }

    Result ship(List<LogRecord> batch) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(ingest)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-ndjson")
                    .header("Content-Encoding", "gzip")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Result.STORED;
            }
            if (status == 401) {
                return Result.UNAUTHORIZED;
            }
            return status >= 400 && status < 500 && status != 408 && status != 429 ? Result.REJECTED : Result.RETRY;
        } catch (IOException e) {
            return Result.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.RETRY;
        }
    }

    byte[] body(List<LogRecord> batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (LogRecord r : batch) {
                ObjectNode line = JSON.createObjectNode()
                        .put("node", node)
                        .put("namespace", r.origin().namespace())
                        .put("pod", r.origin().pod())
                        .put("container", r.origin().container())
                        .put("stream", r.stream())
                        .put("timestamp", r.timestamp().toString())
                        .put("message", r.message())
                        .put("sourceFile", r.fileKey())
                        .put("sourceIncarnation", r.incarnation())
                        .put("sourceOffset", r.startOffset());
                gzip.write(JSON.writeValueAsBytes(line));
                gzip.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    static int sizeOf(LogRecord r) {
        return r.message().getBytes(StandardCharsets.UTF_8).length + 200;
    }
}
