package io.github.k8splatform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The few HTTP calls the tools make, each bounded by a timeout, answers read as JSON when they are. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK client retries a failed connect once, unseen: a drill would count a request that a
        // pod refused as answered. Read when the client first sends, so set before any client is built.
        System.setProperty("jdk.httpclient.disableRetryConnect", "true");
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static Answer get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** A GET with one more header (Authorization, say). */
    static Answer get(URI uri, String header, String value) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header(header, value).GET());
    }

    static Answer post(URI uri, String json, String idempotencyKey) throws IOException, InterruptedException {
        return post(uri, "application/json", json, idempotencyKey == null ? null : "Idempotency-Key", idempotencyKey);
    }

    /** A POST with one more header (Authorization, say), or none when header is null. */
    static Answer post(URI uri, String contentType, String body, String header, String value) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return send(request);
    }

    static HttpClient client() {
        return CLIENT;
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            // A hard bound besides the request timeout, which the JDK client does not always honour.
            response = CLIENT.sendAsync(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within 15 s", e);
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response);
    }
}
