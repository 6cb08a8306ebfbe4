package io.github.k8splatform.e2e;

import picocli.CommandLine.Model.CommandSpec;

/** The smoke suite make smoke runs against a cluster, here through the edge; it places one order. */
final class SmokeScenario {

    private final Platform platform;
    private final CommandSpec spec;

    SmokeScenario(Platform platform, CommandSpec spec) {
        this.platform = platform;
        this.spec = spec;
    }

    SmokeSuite.Result run() {
        SmokeSuite.Result smoke = SmokeSuite.run(platform.base(), SmokeSuite.routedBy(platform.rendered));
        SmokeCommand.print(spec, smoke);
        return smoke;
    }
}
