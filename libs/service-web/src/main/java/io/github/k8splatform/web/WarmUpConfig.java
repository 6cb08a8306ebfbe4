package io.github.k8splatform.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** app.warm-up.*: what WarmUp sends to its own service before readiness turns UP. */
@ConfigMapping(prefix = "app.warm-up")
public interface WarmUpConfig {

    /** How many times the list of requests is sent; 0 (the default): no warm-up. */
    @WithDefault("0")
    int rounds();

    /** A bound on the whole warm-up, so a slow node delays readiness by at most this. */
    @WithDefault("20s")
    Duration maxDuration();

    @WithDefault("5s")
    Duration requestTimeout();

    /** The hot paths, e.g. app.warm-up.requests[0].path=/api/orders?limit=5. */
    Optional<List<Request>> requests();

    interface Request {
        @WithDefault("GET")
        String method();

        String path();

        /** A JSON body (sent as application/json). */
        Optional<String> body();

        Map<String, String> headers();
    }
}
