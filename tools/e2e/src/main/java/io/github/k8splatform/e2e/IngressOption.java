package io.github.k8splatform.e2e;

import java.net.URI;
import picocli.CommandLine.Option;

/** --base-url, for the commands that send traffic through the Ingress (smoke, drill). */
class IngressOption {

    @Option(names = "--base-url", required = true, description = "where the Ingress answers, e.g. http://127.0.0.1")
    URI baseUrl;
}
