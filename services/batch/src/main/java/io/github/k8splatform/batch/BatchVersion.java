package io.github.k8splatform.batch;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.IVersionProvider;

/** `batch --version` prints the project version the image was built from; Picocli gets it from CDI. */
@Singleton
public class BatchVersion implements IVersionProvider {

    private final String version;

    BatchVersion(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.version = version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"batch " + version};
    }
}
