package io.github.k8splatform.gateway.live;

import io.github.k8splatform.gateway.workloads.WorkloadsSnapshot;
import io.github.k8splatform.web.ServiceIdentity.ServiceInfo;
import java.time.Instant;
import java.util.List;

/** One event of GET /api/live: which gateway replica streams it, the traffic it sees, and the workloads. */
public record LivePage(Instant at, ServiceInfo streamedBy, List<TrafficWindow.Summary> traffic, WorkloadsSnapshot workloads) {
}
