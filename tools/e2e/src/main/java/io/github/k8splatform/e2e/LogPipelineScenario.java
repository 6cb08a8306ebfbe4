package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The log pipeline: the DaemonSet's agent, reading the Docker engine's real log files of the
 * platform's containers. They are linked under kubelet-style names (pod_namespace_container-id.log)
 * in a directory that stands in for the node's /var/log, and Docker's own directory is mounted
 * read-only beside it. The agent's own default collector URL, logs.platform on the ingest port,
 * reaches the logs Service's stand-in, with the token this run made for the Secret both pods name.
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

    /**
     * Batches without the agents' token, sent straight to the logs replica's ingest port (in a cluster
     * the NetworkPolicy keeps everyone but the agents from reaching it): each is a 401 problem, and
     * nothing is stored. The smoke suite has shown that the agent's own lines still arrive.
     */
    boolean refusesBatchesWithoutTheAgentsToken(URI base) throws Exception {
        Container logs = platform.rendered.one(Deployment.class, "logs").getSpec().getTemplate().getSpec().getContainers().get(0);
        int port = logs.getPorts().stream().filter(p -> "ingest".equals(p.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the logs container has no port named ingest")).getContainerPort();
        URI ingest = URI.create("http://" + platform.docker.published(platform.replica("logs"), port) + "/api/logs/ingest");
        String marker = "forged-" + UUID.randomUUID();
        List<String> answers = new ArrayList<>();
        for (String authorization : Arrays.asList(null, "Bearer not-the-agents-token")) {
            Http.Answer a = Http.post(ingest, "application/json", SmokeSuite.forgedBatch(marker),
                    authorization == null ? null : "Authorization", authorization);
            String what = (authorization == null ? "no Authorization" : authorization) + ": HTTP " + a.status();
            answers.add(what);
            if (a.status() != 401 || !a.contentType().startsWith("application/problem+json")
                    || !"Authorization".equals(a.json().path("field").asText())) {
                platform.say("e2e: FAILED: a batch to the ingest port with " + what + " " + a.body() + ", not a 401 problem");
                return false;
            }
        }
        try {
            platform.say("e2e: the ingest port refuses batches without the agents' token (" + String.join(", ", answers)
                    + "); " + SmokeSuite.nothingStored(base, marker));
            return true;
        } catch (AssertionError e) {
            platform.say("e2e: FAILED: " + e.getMessage());
            return false;
        }
    }
}
