package io.github.k8splatform.e2e;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** Tools that check the platform from outside: the smoke suite, the edge and the container run. */
@TopCommand
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "End-to-end checks of quarkus-k8s-platform.",
        subcommands = {SmokeCommand.class, DrillCommand.class, EdgeConfigCommand.class, ContainersCommand.class})
public class E2eCommand {
}
