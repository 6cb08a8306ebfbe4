package io.github.k8splatform.e2e;

import picocli.CommandLine.Model.CommandSpec;

/** The smoke suite make smoke runs against a cluster, here through the edge; it places one order. */
record SmokeScenario(Platform platform, CommandSpec spec) {

    SmokeSuite.Result run() {
        SmokeSuite.Result smoke = SmokeSuite.run(platform.base(), SmokeSuite.routedBy(platform.rendered));
        SmokeCommand.print(spec, smoke);
        return smoke;
    }
}
