package io.github.k8splatform.flows;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The command lines the stand-ins record for kind, kubectl, helm and docker, replayed through the
 * real tool's own parser where this machine has the tool, with --help added ({@link #helpAt}): the
 * tool prints its help, or refuses an option or a subcommand it does not know. A flag misspelled
 * in a script and in a test's expectation alike is caught here. Not checked: a tool this machine
 * lacks (kind and helm here), and docker buildx where the plugin is missing (Debian's docker.io has none).
 * Each distinct line is replayed once per test run.
 */
final class ToolParsers {

    private static final Set<String> TOOLS = Set.of("kind", "kubectl", "helm", "docker");
    /** Per distinct line: why the real tool refused it, or empty. */
    private static final Map<List<String>, Optional<String>> VERDICTS = new ConcurrentHashMap<>();
    /** docker's commands that take a subcommand (docker image inspect, docker network inspect). */
    private static Boolean buildx;
    private static final Set<String> DOCKER_MANAGEMENT = Set.of("builder", "buildx", "container", "context", "image",
            "manifest", "network", "plugin", "system", "volume");

    private ToolParsers() {
    }

    /** The recorded calls the real tools refuse, each with the tool's first line of complaint. */
    static List<String> refused(List<List<String>> calls) {
        List<String> refused = new ArrayList<>();
        for (List<String> call : calls) {
            String tool = Path.of(call.get(0)).getFileName().toString();
            if (TOOLS.contains(tool)) {
                VERDICTS.computeIfAbsent(call, c -> verdict(tool, c))
                        .ifPresent(why -> refused.add(String.join(" ", call) + ": " + why));
            }
        }
        return refused;
    }

    private static Optional<String> verdict(String tool, List<String> call) {
        Optional<Path> real = Sandbox.onPath(tool);
        if (real.isEmpty() || tool.equals("docker") && call.size() > 1 && call.get(1).equals("buildx") && !buildxInstalled(real.get())) {
            return Optional.empty();
        }
        List<String> replay = new ArrayList<>(call);
        replay.set(0, real.get().toString());
        replay.add(helpAt(tool, call), "--help");
        try {
            Process process = new ProcessBuilder(replay).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("no answer to --help within 20 s");
            }
            if (process.exitValue() == 0) {
                return Optional.empty();
            }
            return Optional.of(output.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + process.exitValue()));
        } catch (IOException e) {
            return Optional.of("cannot run " + real.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Where --help goes. docker: right after its (management) command, since docker run and exec stop
     * reading options at the image or container. kind, kubectl and helm: last, or before "--" (what
     * follows is the command a pod runs); kubectl takes no option before a plugin's name.
     */
    private static int helpAt(String tool, List<String> call) {
        if (tool.equals("docker")) {
            return call.size() > 2 && DOCKER_MANAGEMENT.contains(call.get(1)) ? 3 : Math.min(2, call.size());
        }
        int dashes = call.indexOf("--");
        return dashes < 0 ? call.size() : dashes;
    }

    /** Whether docker has its buildx plugin: without it, docker 20.10 reads "docker buildx build" as its legacy builder. */
    private static synchronized boolean buildxInstalled(Path docker) {
        if (buildx == null) {
            try {
                Process version = new ProcessBuilder(docker.toString(), "buildx", "version").redirectErrorStream(true).start();
                version.getInputStream().readAllBytes();
                buildx = version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
            } catch (IOException e) {
                buildx = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                buildx = false;
            }
        }
        return buildx;
    }
}
