package io.github.k8splatform.gateway.workloads;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;

/** app.workloads.* in application.properties: what the page's Workloads part reads, and how often. */
@ConfigMapping(prefix = "app.workloads")
public interface WorkloadsConfig {

    String namespace();

    String loggingNamespace();

    Duration listMaxAge();

    int events();

    Path serviceAccountDir();
}
