package io.github.k8splatform.batch;

import io.quarkus.flyway.FlywayDataSource;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Brings the catalog, orders and logs schemas to the versions the services wait for in readiness. */
@Command(name = "migrate", description = "Apply the Flyway migrations of the catalog, orders and logs databases.")
public class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Flyway catalog;
    private final Flyway orders;
    private final Flyway logs;

    MigrateCommand(@FlywayDataSource("catalog") Flyway catalog, @FlywayDataSource("orders") Flyway orders,
            @FlywayDataSource("logs") Flyway logs) {
        this.catalog = catalog;
        this.orders = orders;
        this.logs = logs;
    }

    @Override
    public Integer call() {
        report("catalog", catalog.migrate());
        report("orders", orders.migrate());
        report("logs", logs.migrate());
        return 0;
    }

    private void report(String database, MigrateResult result) {
        spec.commandLine().getOut().printf("migrate %s: schema %s at version %s (%d migration%s applied)%n",
                database, result.schemaName, result.targetSchemaVersion != null
                        ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted, result.migrationsExecuted == 1 ? "" : "s");
    }
}
