package io.github.k8splatform.e2e;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** Tools that check the platform from outside, through its Ingress: the smoke suite, the drills, the live page. */
@TopCommand
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "End-to-end checks of quarkus-k8s-platform.",
        subcommands = {SmokeCommand.class, DrillCommand.class, WorkloadsPageCommand.class})
public class E2eCommand {
}
