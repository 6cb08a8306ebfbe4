package io.github.k8splatform.logs;

import io.github.k8splatform.testing.RandomToken;

/** This test run's ingest token, the one the log agents would send. */
public class AgentToken extends RandomToken {

    static final String VALUE = hex();

    /** The header an agent sends. */
    static final String BEARER = "Bearer " + VALUE;

    public AgentToken() {
        super("app.ingest-token", VALUE);
    }
}
