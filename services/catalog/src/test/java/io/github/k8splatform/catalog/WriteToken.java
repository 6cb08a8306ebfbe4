package io.github.k8splatform.catalog;

import io.github.k8splatform.testing.RandomToken;

/** This test run's catalog write token. */
public class WriteToken extends RandomToken {

    static final String VALUE = hex();

    /** The header a writer sends. */
    static final String BEARER = "Bearer " + VALUE;

    public WriteToken() {
        super("app.write-token", VALUE);
    }
}
