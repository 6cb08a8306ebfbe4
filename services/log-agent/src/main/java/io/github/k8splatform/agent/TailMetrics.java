package io.github.k8splatform.agent;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The Tailer's events as metrics: log_agent_file_incarnations_total{reason} counts files read from
 * their beginning, log_agent_bytes_lost_total the bytes of files deleted before the agent read them,
 * each loss also logged as a warning naming the file.
 */
final class TailMetrics implements TailEvents {

    private static final Logger LOG = Logger.getLogger(TailMetrics.class);
    private final MeterRegistry metrics;

    TailMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
        for (String reason : new String[] {"new", "inode_reused", "truncated"}) {
            metrics.counter("log_agent_file_incarnations", "reason", reason);
        }
        metrics.counter("log_agent_bytes_lost");
    }

    @Override
    public void newIncarnation(Path file, String reason) {
        incarnations(reason, 1);
        if (!reason.equals("new")) {
            LOG.infof("%s is a new file (%s): reading it from its beginning", file, reason);
        }
    }

    void incarnations(String reason, long count) {
        metrics.counter("log_agent_file_incarnations", "reason", reason).increment(count);
    }

    @Override
    public void lost(Path file, long unreadBytes) {
        metrics.counter("log_agent_bytes_lost").increment(unreadBytes);
        LOG.warnf("%s was deleted (rotated and compressed) with at least %d bytes the agent had not read: they are lost",
                file, unreadBytes);
    }
}
