package io.github.k8splatform.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository as the tests see it: the one source of truth the manifests must agree with. */
final class Project {

    /** Derived from the reactor (ServiceModules), as scripts/lib.sh derives HTTP_SERVICES. */
    static final List<String> HTTP_SERVICES = ServiceModules.http();
    static final List<String> OVERLAYS = List.of("kind", "k3s");
    static final Path ROOT = RenderedOverlay.repositoryRoot();

    private Project() {
    }

    /** The project version from the root pom: every image tag must be this. */
    static String version() {
        Matcher m = Pattern.compile("<artifactId>quarkus-k8s-platform</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no project version in pom.xml");
        }
        return m.group(1);
    }

    /** A service's configuration as Quarkus sees it at build time: shared defaults, then its own file. */
    static Properties config(String service) {
        Properties merged = new Properties();
        load(merged, ROOT.resolve("libs/service-web/src/main/resources/META-INF/microprofile-config.properties"));
        load(merged, ROOT.resolve("services/" + service + "/src/main/resources/application.properties"));
        return merged;
    }

    static int httpPort(String service) {
        return Integer.parseInt(config(service).getProperty("quarkus.http.port"));
    }

    /** The log collector's ingest port, which only the log agents may reach. */
    static int ingestPort() {
        return Integer.parseInt(config("logs").getProperty("logs.ingest.port"));
    }

    /** Every source file of a service and of the libraries it uses, as one text, to look up names in. */
    static String sourcesOf(String service) {
        StringBuilder all = new StringBuilder();
        for (String dir : List.of("services/" + service + "/src/main", "libs/service-web/src/main")) {
            try (var files = Files.walk(ROOT.resolve(dir))) {
                files.filter(Files::isRegularFile).forEach(f -> all.append(read(f)).append('\n'));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load(Properties into, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
