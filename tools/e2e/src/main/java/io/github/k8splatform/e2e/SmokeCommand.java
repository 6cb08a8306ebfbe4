package io.github.k8splatform.e2e;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** make smoke: the smoke suite against a base URL (a cluster's Ingress, or the e2e edge). */
@Command(name = "smoke", description = "Run the smoke suite against the platform at --base-url.")
public class SmokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--base-url", required = true, description = "where the Ingress answers, e.g. http://127.0.0.1")
    URI baseUrl;

    @Override
    public Integer call() {
        SmokeSuite.Result result = SmokeSuite.run(baseUrl);
        print(spec, result);
        return result.failed() == 0 ? 0 : 1;
    }

    static void print(CommandSpec spec, SmokeSuite.Result result) {
        for (SmokeSuite.Check check : result.checks()) {
            spec.commandLine().getOut().printf("%s %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        spec.commandLine().getOut().printf("smoke: %d checks, %d failed%n", result.checks().size(), result.failed());
    }
}
