package io.github.k8splatform.batch;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The platform's batch work: what the migration Job and the report CronJob run. */
@TopCommand
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = BatchVersion.class,
        description = "Batch work of quarkus-k8s-platform.",
        subcommands = {MigrateCommand.class, SeedCommand.class, ReportCommand.class, PruneCommand.class})
public class BatchCommand {
}
