package io.github.k8splatform.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker CLI, for the end-to-end run. Every container, network and volume it creates is
 * remembered and removed on close (containers with their anonymous volumes), pass or fail; each
 * container's whole log is kept first, in logDir/&lt;container name&gt;.log, to find the cause of a failure.
 */
final class Docker implements AutoCloseable {

    private final Path logDir;

    private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> networks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> volumes = Collections.synchronizedList(new ArrayList<>());

    Docker(Path logDir) {
        this.logDir = logDir;
    }

    static void requireEngine() {
        try {
            exec(List.of("docker", "info", "--format", "{{.ServerVersion}}"), 20);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("docker is not running: install it (apt-get install docker.io) and start"
                    + " the engine (dockerd > /tmp/dockerd.log 2>&1 &)");
        }
    }

    static void requireImage(String image, String howToGetIt) {
        try {
            exec(List.of("docker", "image", "inspect", "--format", "{{.Id}}", image), 20);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("image " + image + " is missing and no registry is reachable: " + howToGetIt);
        }
    }

    String network(String name) {
        String id = exec(List.of("docker", "network", "create", name), 30).trim();
        networks.add(id);
        return id;
    }

    String volume(String name) {
        String created = exec(List.of("docker", "volume", "create", name), 30).trim();
        volumes.add(created);
        return created;
    }

    /** docker run -d with these arguments; the container id. */
    String start(List<String> runArgs) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d"));
        command.addAll(runArgs);
        String id = exec(command, 60).trim();
        containers.add(id);
        return id;
    }

    /** Runs a container to completion: its exit code and output. */
    record Completed(int exitCode, String logs) {
    }

    Completed runToCompletion(List<String> runArgs, int timeoutSeconds) {
        String id = start(runArgs);
        String code = exec(List.of("docker", "wait", id), timeoutSeconds).trim();
        return new Completed(Integer.parseInt(code), logs(id));
    }

    /** The 127.0.0.1:port a container port is published on. */
    String published(String id, int containerPort) {
        String mapping = exec(List.of("docker", "port", id, containerPort + "/tcp"), 20).lines()
                .filter(l -> l.startsWith("127.0.0.1:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("port " + containerPort + " of " + id + " is not published"));
        return mapping.trim();
    }

    String logs(String id) {
        return exec(List.of("docker", "logs", "--tail", "200", id), 30);
    }

    /** From the first line: what a process printed as it started. */
    String allLogs(String id) {
        return exec(List.of("docker", "logs", id), 60);
    }

    boolean running(String id) {
        return exec(List.of("docker", "inspect", "--format", "{{.State.Running}}", id), 20).trim().equals("true");
    }

    /** docker stop: SIGTERM, as the kubelet sends it, then SIGKILL after the grace period. */
    void stop(String id, int graceSeconds) {
        exec(List.of("docker", "stop", "--time", String.valueOf(graceSeconds), id), graceSeconds + 30);
    }

    String execIn(String id, List<String> command) {
        List<String> all = new ArrayList<>(List.of("docker", "exec", id));
        all.addAll(command);
        return exec(all, 30);
    }

    @Override
    public void close() {
        List<String> ids;
        synchronized (containers) {
            ids = new ArrayList<>(containers);
            containers.clear();
        }
        Collections.reverse(ids);
        for (String id : ids) {
            keepLog(id);
            quietly(List.of("docker", "rm", "-f", "-v", id));
        }
        synchronized (networks) {
            networks.forEach(id -> quietly(List.of("docker", "network", "rm", id)));
            networks.clear();
        }
        synchronized (volumes) {
            volumes.forEach(name -> quietly(List.of("docker", "volume", "rm", name)));
            volumes.clear();
        }
    }

    private void keepLog(String id) {
        try {
            String name = exec(List.of("docker", "inspect", "--format", "{{.Name}}", id), 20).strip().substring(1);
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve(name + ".log"), exec(List.of("docker", "logs", "--timestamps", id), 60));
        } catch (IOException | IllegalStateException e) {
            System.err.println("e2e: cleanup: could not keep the log of " + id + ": " + e.getMessage());
        }
    }

    private static void quietly(List<String> command) {
        try {
            exec(command, 60);
        } catch (IllegalStateException e) {
            System.err.println("e2e: cleanup: " + e.getMessage());
        }
    }

    static String exec(List<String> command, int timeoutSeconds) {
        Path output = null;
        try {
            // Output goes to a file, so a command that hangs cannot block the read past the timeout.
            output = Files.createTempFile("e2e-docker", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer within " + timeoutSeconds + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("docker is missing: apt-get install docker.io");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
