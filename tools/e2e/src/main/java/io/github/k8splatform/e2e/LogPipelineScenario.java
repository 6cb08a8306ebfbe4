package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The log pipeline: the DaemonSet's agent, reading the Docker engine's real log files of the
 * platform's containers. They are linked under kubelet-style names (pod_namespace_container-id.log)
 * in a directory that stands in for the node's /var/log, and Docker's own directory is mounted
 * read-only beside it. The agent's own default collector URL, logs.platform, reaches the logs
 * Service's stand-in.
 */
final class LogPipelineScenario {

    /** Where the Docker engine keeps each container's json-file log. */
    private static final String DOCKER_CONTAINERS = "/var/lib/docker/containers";

    private final Platform platform;

    LogPipelineScenario(Platform platform) {
        this.platform = platform;
    }

    /** The agent, ready, reading every replica started so far. */
    void start() throws Exception {
        List<String> started = platform.replicaIds();
        Path varlog = Files.createDirectories(platform.work.resolve("varlog/containers")).getParent();
        for (String id : started) {
            String[] facts = Docker.exec(List.of("docker", "inspect", "--format", "{{.Name}} {{.Id}} {{.LogPath}}", id), 20)
                    .trim().split(" ");
            String name = facts[0].substring(1);
            String fullId = facts[1];
            String logPath = facts[2];
            String container = name.substring(platform.prefix.length() + 1).replace("-2", "");
            Files.createSymbolicLink(varlog.resolve("containers/" + name + "_" + ContainerSpec.NAMESPACE + "_"
                    + container + "-" + fullId + ".log"), Path.of(logPath));
        }
        varlog.toFile().setReadable(true, false);
        Path state = Files.createDirectories(platform.work.resolve("agent-state"));
        PodSpec pod = platform.rendered.one(DaemonSet.class, "log-agent").getSpec().getTemplate().getSpec();
        List<String> args = new ArrayList<>(platform.containers.runArgs(pod, pod.getContainers().get(0), platform.network(),
                platform.prefix + "-log-agent", null, null, Map.of("varlog", varlog.toString(), "state", state.toString())));
        args.addAll(0, List.of("-v", DOCKER_CONTAINERS + ":" + DOCKER_CONTAINERS + ":ro"));
        String agent = platform.docker.start(args);
        String address = platform.docker.published(agent, pod.getContainers().get(0).getPorts().get(0).getContainerPort());
        platform.waitFor("log-agent readiness",
                () -> Http.get(URI.create("http://" + address + "/q/health/ready")).status() == 200,
                Duration.ofSeconds(60), agent);
        platform.say("e2e: log agent reads " + started.size() + " containers' Docker log files");
    }
}
