package io.github.k8splatform.logs;

import io.github.k8splatform.testing.RandomToken;

/** This test run's read token, the one a person reading the logs would send. */
public class ReadToken extends RandomToken {

    static final String VALUE = hex();

    /** The header a reader sends. */
    static final String BEARER = "Bearer " + VALUE;

    public ReadToken() {
        super("app.read-token", VALUE);
    }
}
