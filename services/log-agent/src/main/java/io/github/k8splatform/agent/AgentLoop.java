package io.github.k8splatform.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent: read lines into a bounded buffer, ship them in batches bounded by count, size and time,
 * and advance the checkpoint only when the collector acknowledged a batch. While the collector is
 * down the same batch is retried with exponential backoff; when the buffer is full reading stops
 * (the files are the backlog), so nothing is dropped and memory stays bounded.
 */
@ApplicationScoped
public class AgentLoop {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class);

    private final AgentConfig config;
    private final Optional<String> ingestToken;
    private final MeterRegistry metrics;
    private final Deque<LogRecord> buffer = new ArrayDeque<>();
    private final AtomicLong lastLoop = new AtomicLong(System.nanoTime());
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;
    private Counter read;
    private Counter shipped;
    private Counter retried;
    private Counter unauthorized;
    private Counter malformed;
    private Counter rejected;
    private TailMetrics tailMetrics;

    AgentLoop(AgentConfig config, @ConfigProperty(name = "app.ingest-token") Optional<String> ingestToken, MeterRegistry metrics) {
        this.config = config;
        this.ingestToken = ingestToken.filter(t -> !t.isBlank());
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (ingestToken.isEmpty()) {
            // Every batch would be refused: better a pod that does not start, with this reason, than
            // one that looks alive and retries forever.
            throw new IllegalStateException("no ingest token: LOGS_INGEST_TOKEN must hold the Secret logs-ingest-token's"
                    + " token (make up creates it in namespaces platform and platform-logging)");
        }
        read = metrics.counter("log_agent_lines_read");
        // Tagged with the node like the collector's logs_lines_stored_total: shipped minus stored per node.
        shipped = metrics.counter("log_agent_lines_shipped", "node", config.node());
        retried = metrics.counter("log_agent_batches_retried");
        unauthorized = metrics.counter("log_agent_batches_unauthorized");
        malformed = metrics.counter("log_agent_lines_malformed");
        rejected = metrics.counter("log_agent_lines_rejected");
        metrics.gauge("log_agent_lag_bytes", lag);
        metrics.gauge("log_agent_buffered_lines", buffer, Deque::size);
        tailMetrics = new TailMetrics(metrics);
        thread = new Thread(this::run, "log-agent");
        thread.start();
    }

    /** No interrupt: it would close the open log files (FileChannel is interruptible). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(15).toMillis());
    }

    /** For the liveness check: when the loop last went round. */
    long nanosSinceLastLoop() {
        return System.nanoTime() - lastLoop.get();
    }

    private void run() {
        try (Tailer tailer = new Tailer(config.logDir(), Checkpoint.load(config.stateDir()), tailMetrics,
                ShippedNamespaces.of(config.namespaces()))) {
            Shipper shipper = new Shipper(config.collectorUrl(), config.node(), ingestToken.orElseThrow());
            long oldest = 0;
            long backoffMillis = 0;
            long retryAt = 0;
            while (running) {
                lastLoop.set(System.nanoTime());
                int got = 0;
                if (buffer.size() < config.buffer().maxLines()) {
                    FileTail.Counts counts = new FileTail.Counts();
                    List<LogRecord> fresh = tailer.poll(config.buffer().maxLines() - buffer.size(), counts);
                    got = fresh.size();
                    if (buffer.isEmpty() && got > 0) {
                        oldest = System.nanoTime();
                    }
                    buffer.addAll(fresh);
                    read.increment(counts.read);
                    malformed.increment(counts.malformed);
                    if (counts.truncated > 0) {
                        tailMetrics.incarnations("truncated", counts.truncated);
                    }
                }
                lag.set(tailer.lag());
                boolean due = buffer.size() >= config.batch().maxLines() || (!buffer.isEmpty()
                        && (System.nanoTime() - oldest >= config.batch().maxWait().toNanos() || got == 0));
                if (due && System.nanoTime() >= retryAt) {
                    List<LogRecord> batch = nextBatch();
                    Shipper.Result result = shipper.ship(batch);
                    if (result == Shipper.Result.RETRY || result == Shipper.Result.UNAUTHORIZED) {
                        retried.increment();
                        backoffMillis = Math.min(config.retry().maxBackoff().toMillis(), Math.max(200, backoffMillis * 2));
                        retryAt = System.nanoTime() + backoffMillis * 1_000_000;
                        if (result == Shipper.Result.UNAUTHORIZED) {
                            // The lines are fine; the agent's token is not. Keep them until it is fixed.
                            unauthorized.increment();
                            LOG.errorf("collector refused the agent's ingest token (401): the Secret logs-ingest-token must hold the"
                                    + " same token in namespaces platform and platform-logging; retrying %d lines in %d ms",
                                    batch.size(), backoffMillis);
                        } else {
                            LOG.warnf("collector unavailable; retrying %d lines in %d ms", batch.size(), backoffMillis);
                        }
                    } else {
                        if (result == Shipper.Result.REJECTED) {
                            rejected.increment(batch.size());
                            LOG.errorf("collector rejected %d lines; they are skipped", batch.size());
                        } else {
                            shipped.increment(batch.size());
                        }
                        for (int i = 0; i < batch.size(); i++) {
                            buffer.pollFirst();
                        }
                        tailer.acknowledge(batch);
                        backoffMillis = 0;
                        oldest = System.nanoTime();
                    }
                    continue;
                }
                if (got == 0) {
                    sleep(buffer.isEmpty() ? config.pollInterval().toMillis() : Math.min(config.pollInterval().toMillis(), 50));
                }
            }
        } catch (IOException e) {
            LOG.error("log agent stopped", e);
        }
    }

    private List<LogRecord> nextBatch() {
        List<LogRecord> batch = new ArrayList<>();
        int bytes = 0;
        for (LogRecord r : buffer) {
            int size = Shipper.sizeOf(r);
            if (!batch.isEmpty() && (batch.size() >= config.batch().maxLines() || bytes + size > config.batch().maxBytes())) {
                break;
            }
            batch.add(r);
            bytes += size;
        }
        return batch;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
