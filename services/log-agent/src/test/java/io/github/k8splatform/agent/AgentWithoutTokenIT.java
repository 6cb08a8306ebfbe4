package io.github.k8splatform.agent;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged agent without an ingest token does not start: it says why and exits, instead of retrying forever. */
class AgentWithoutTokenIT {

    @TempDir
    Path work;

    @Test
    void anAgentWithoutItsTokenExitsSayingWhy() throws Exception {
        Path logDir = Files.createDirectories(work.resolve("containers"));
        Process agent = PipelineProcesses.startAgent(logDir, work.resolve("state"), 1, 0, "tokenless", work, "");
        try {
            assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the agent still runs after 60 s without a token");
            assertNotEquals(0, agent.exitValue());
            String log = Files.readString(work.resolve("agent.log"));
            assertTrue(log.contains("no ingest token: LOGS_INGEST_TOKEN must hold"), log);
        } finally {
            PipelineProcesses.stop(agent);
        }
    }
}
