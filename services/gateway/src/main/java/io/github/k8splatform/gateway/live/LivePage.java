package io.github.k8splatform.gateway.live;

import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot;
import io.github.k8splatform.web.ServiceIdentity.ServiceInfo;
import java.time.Instant;
import java.util.List;

/**
 * One event of GET /api/live: which gateway replica streams it, the probe's rate per service and the
 * seconds its rates average over, the traffic it sees, and the workloads.
 */
public record LivePage(Instant at, ServiceInfo streamedBy, int probeRate, int rateSeconds,
        List<TrafficWindow.Summary> traffic, WorkloadsSnapshot workloads) {
}
