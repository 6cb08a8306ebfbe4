package io.github.k8splatform.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one list of services: the services/&lt;name&gt; modules of the Maven reactor (the root pom.xml),
 * in build order, read the way scripts/lib.sh reads it. The HTTP services among them are the modules
 * built on libs/service-web: each has a generated Deployment and ClusterIP Service.
 */
public final class ServiceModules {

    private static final Pattern MODULE = Pattern.compile("<module>services/([^<]+)</module>");

    private ServiceModules() {
    }

    /** Every service module: each is built into an image. */
    public static List<String> all() {
        return MODULE.matcher(read(RenderedOverlay.repositoryRoot().resolve("pom.xml"))).results()
                .map(m -> m.group(1)).toList();
    }

    /** The service modules that depend on libs/service-web. */
    public static List<String> http() {
        return all().stream()
                .filter(s -> read(RenderedOverlay.repositoryRoot().resolve("services/" + s + "/pom.xml"))
                        .contains("<artifactId>service-web</artifactId>"))
                .toList();
    }

    /**
     * The services that own a database: those with migrations in services/&lt;name&gt;/db/. Each
     * database is named for its service; scripts/lib.sh derives DATABASES the same way.
     */
    public static List<String> withDatabase() {
        return all().stream().filter(s -> Files.isDirectory(RenderedOverlay.repositoryRoot().resolve("services/" + s + "/db")))
                .sorted().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
