package io.github.k8splatform.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The expected versions the services wait for must follow the migrations, or readiness never turns UP. */
class SchemaVersionsTest {

    private static final Path DB = Path.of("src/main/resources/db");
    /** Each service's own migrations: services/<name>/db. */
    private static final Path SERVICES = Path.of("../../services");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__\\w+\\.sql");

    @Test
    void expectedVersionIsTheNewestMigrationOfEachDatabase() throws IOException {
        Properties expected = new Properties();
        try (InputStream in = Files.newInputStream(DB.resolve("schema-versions.properties"))) {
            expected.load(in);
        }
        assertFalse(expected.isEmpty());
        try (Stream<Path> services = Files.list(SERVICES)) {
            assertEquals(expected.stringPropertyNames(),
                    services.filter(s -> Files.isDirectory(s.resolve("db"))).map(p -> p.getFileName().toString())
                            .collect(java.util.stream.Collectors.toSet()),
                    "every services/<name>/db folder has an expected version and no more");
        }
        for (String database : expected.stringPropertyNames()) {
            assertEquals(Integer.parseInt(expected.getProperty(database)), newestVersion(SERVICES.resolve(database).resolve("db")),
                    "schema-versions.properties for " + database);
        }
    }

    private static int newestVersion(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .map(name -> {
                        Matcher m = VERSIONED.matcher(name);
                        if (!m.matches()) {
                            throw new AssertionError(folder + "/" + name + " is not named V<n>__<what>.sql");
                        }
                        return Integer.parseInt(m.group(1));
                    })
                    .max(Integer::compare)
                    .orElseThrow(() -> new AssertionError(folder + " has no migration"));
        }
    }
}
