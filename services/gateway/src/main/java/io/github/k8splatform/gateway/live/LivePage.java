package io.github.k8splatform.gateway.live;

import io.github.k8splatform.web.ServiceIdentity.ServiceInfo;
import java.time.Instant;
import java.util.List;

/** One event of GET /api/live: which gateway replica streams it, and the traffic it sees. */
public record LivePage(Instant at, ServiceInfo streamedBy, List<TrafficWindow.Summary> traffic) {
}
