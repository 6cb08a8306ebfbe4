package io.github.k8splatform.batch;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.sql.SQLException;
import picocli.CommandLine;

/**
 * A failed command prints one line saying what failed and exits non-zero: 1 when the work failed,
 * 2 when the command line was wrong (picocli's usage exit code). No stack traces in Job logs.
 */
@ApplicationScoped
public class OneLineErrors {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(e));
                    return 1;
                })
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine command = e.getCommandLine();
                    String name = command.getCommandSpec().qualifiedName();
                    command.getErr().println(name + ": " + e.getMessage() + " (see " + name + " --help)");
                    return 2;
                });
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (e instanceof SQLException || root instanceof SQLException || root instanceof java.net.ConnectException) {
            return "database error: " + message.lines().findFirst().orElse(message);
        }
        return message.lines().findFirst().orElse(message);
    }
}
