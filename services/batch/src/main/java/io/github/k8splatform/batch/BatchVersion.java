package io.github.k8splatform.batch;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** `batch --version` prints the project version the image was built from. */
public class BatchVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"batch " + ConfigProvider.getConfig().getValue("quarkus.application.version", String.class)};
    }
}
