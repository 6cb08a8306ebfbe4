package io.github.k8splatform.logs;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Accounts for every line an agent sent: logs_lines_stored_total{node} counts the stored ones and
 * logs_lines_duplicate_total{node} the ones refused as already stored, each of those also logged with
 * its source position. With the agent's log_agent_lines_shipped_total{node}, shipped minus stored per
 * node is the number of lines that reached the collector and were not stored.
 */
@ApplicationScoped
public class IngestLedger {

    private static final Logger LOG = Logger.getLogger(IngestLedger.class);
    private final MeterRegistry metrics;

    IngestLedger(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void record(List<LogLine> received, List<LogLine> duplicates) {
        Map<String, Integer> stored = new HashMap<>();
        for (LogLine line : received) {
            stored.merge(line.node(), 1, Integer::sum);
        }
        for (LogLine line : duplicates) {
            stored.merge(line.node(), -1, Integer::sum);
            metrics.counter("logs_lines_duplicate", "node", line.node()).increment();
            LOG.warnf("duplicate line not stored: node %s, pod %s/%s, container %s, file %s, incarnation %s, offset %d",
                    line.node(), line.namespace(), line.pod(), line.container(), line.sourceFile(),
                    line.storedIncarnation().isEmpty() ? "(none)" : line.storedIncarnation(), line.sourceOffset());
        }
        stored.forEach((node, count) -> metrics.counter("logs_lines_stored", "node", node).increment(count));
    }
}
