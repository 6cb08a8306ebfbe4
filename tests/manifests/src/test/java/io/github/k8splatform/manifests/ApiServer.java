package io.github.k8splatform.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kube-apiserver (with etcd and kube-controller-manager) that `make test` starts
 * (scripts/kubernetes/apiserver.sh with), reached with the kubectl built beside it, as `make up`
 * reaches a cluster. What it accepts or refuses is Kubernetes' own validation, defaulting and
 * admission (Pod Security among them), not a reading of ours.
 */
final class ApiServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 180;

    /** What kubectl printed on stdout and on stderr (warnings, errors), and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {

        /** Both streams: where the server's message is, whichever kubectl wrote it to. */
        String output() {
            return stdout + stderr;
        }

        boolean ok() {
            return exitCode == 0;
        }

        Result orFail(String what) {
            if (!ok()) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output());
            }
            return this;
        }
    }

    private ApiServer() {
    }

    /** kubectl against the server, with {@code stdin} as its input (null: none). */
    static Result kubectl(String stdin, String... args) {
        TestApiServer.kubeconfig();
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        return run(stdin, command);
    }

    /** A command run to its end (at most TIMEOUT_SECONDS), with {@code stdin} as its input (null: none). */
    static Result run(String stdin, List<String> command) {
        Path errors = null;
        try {
            errors = Files.createTempFile("command", ".stderr");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errors));
        } catch (IOException e) {
            throw new UncheckedIOException(command.get(0) + " did not run (make test puts the kubectl built from tools/kubernetes on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(errors);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }

    /** The server's version, as it reports it. */
    static String version() {
        JsonNode version = json(kubectl(null, "version", "-o", "json").orFail("kubectl version").stdout());
        return version.path("serverVersion").path("gitVersion").asText();
    }

    /** One object as JSON, for kubectl's standard input. */
    static String json(HasMetadata object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        List<JsonNode> all = jsonDocuments(text);
        if (all.size() != 1) {
            throw new AssertionError("not one JSON document: " + text);
        }
        return all.get(0);
    }

    /** Each JSON document of a stream of them, as kubectl prints one per object. */
    static List<JsonNode> jsonDocuments(String text) {
        try {
            return JSON.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
