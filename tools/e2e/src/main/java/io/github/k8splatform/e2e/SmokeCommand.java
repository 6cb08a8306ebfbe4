package io.github.k8splatform.e2e;

import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** make smoke: the smoke suite against a base URL (a cluster's Ingress, or the e2e edge). */
@Command(name = "smoke", description = "Run the smoke suite against the platform at --base-url.")
public class SmokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    IngressOption ingress;

    @Option(names = "--overlay", defaultValue = "kind",
            description = "the overlay whose Ingress routes name the services to check; default ${DEFAULT-VALUE}")
    String overlay;

    @Option(names = "--wait-seconds", defaultValue = "0",
            description = "first wait up to this long for the landing page to answer 200 (a fresh Ingress takes a moment)")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (waitSeconds > 0 && !landingPageAnswers()) {
            spec.commandLine().getErr().printf("smoke: %s did not answer 200 within %d s: is the platform up (make up)?%n",
                    ingress.baseUrl, waitSeconds);
            return 1;
        }
        SmokeSuite.Result result = SmokeSuite.run(ingress.baseUrl, SmokeSuite.routedBy(RenderedOverlay.of(overlay)));
        print(spec, result);
        return result.failed() == 0 ? 0 : 1;
    }

    private boolean landingPageAnswers() throws InterruptedException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        do {
            try {
                if (Http.get(ingress.baseUrl.resolve("/")).status() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not reachable yet: wait and retry until the deadline
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return false;
    }

    static void print(CommandSpec spec, SmokeSuite.Result result) {
        for (SmokeSuite.Check check : result.checks()) {
            spec.commandLine().getOut().printf("%s %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        spec.commandLine().getOut().printf("smoke: %d checks, %d failed%n", result.checks().size(), result.failed());
    }
}
