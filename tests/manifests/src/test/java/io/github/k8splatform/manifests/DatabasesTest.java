package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The databases are the services with migrations (services/&lt;name&gt;/db/, ServiceModules.withDatabase):
 * everything that must name each of them names exactly those, so adding one is its folder, and this
 * test says which line is still missing: its service's schema setting, the expected version, batch's
 * datasource, the password key make up creates, PostgreSQL's and batch's environment, and
 * PostgreSQL's NetworkPolicy.
 */
class DatabasesTest {

    static final List<String> OVERLAYS = Project.OVERLAYS;
    private static final Set<String> DATABASES = new TreeSet<>(ServiceModules.withDatabase());

    @Test
    void theDerivedListIsNotEmpty() {
        assertFalse(DATABASES.isEmpty(), "no services/<name>/db/ folder: ServiceModules.withDatabase found nothing");
    }

    @Test
    void eachOwnerReadsItsOwnSchemaAndBatchMigratesEach() throws IOException {
        Set<String> owners = ServiceModules.all().stream().filter(s -> Project.config(s).getProperty("app.schema") != null)
                .filter(s -> s.equals(Project.config(s).getProperty("app.schema"))).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(DATABASES, owners, "app.schema=<name> in each owner's application.properties");
        Properties batch = Project.config("batch");
        assertEquals(DATABASES, names(batch.stringPropertyNames(), "quarkus.datasource.", ".db-kind"), "batch's datasources");
        assertEquals(DATABASES, names(batch.stringPropertyNames(), "quarkus.flyway.", ".locations"), "batch's migrations");
        for (String db : DATABASES) {
            assertEquals(db + "/db", batch.getProperty("quarkus.flyway." + db + ".locations"), db + "'s migrations, as libs/schema packs them");
        }
        Properties versions = new Properties();
        try (var in = Files.newInputStream(Project.ROOT.resolve("libs/schema/src/main/resources/db/schema-versions.properties"))) {
            versions.load(in);
        }
        assertEquals(DATABASES, new TreeSet<>(versions.stringPropertyNames()), "libs/schema's schema-versions.properties");
    }

    @Test
    void makeUpCreatesAPasswordForEach() throws IOException {
        String line = Files.readAllLines(Project.ROOT.resolve("k8s/base/app/install-secrets")).stream()
                .filter(l -> l.startsWith("platform postgres-credentials ")).findFirst().orElseThrow();
        Set<String> keys = new TreeSet<>(List.of(line.split("\\s+")).subList(2, line.split("\\s+").length));
        keys.remove("postgres-password");
        assertEquals(DATABASES, names(keys, "", "-password"), "postgres-credentials' keys in k8s/base/app/install-secrets");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void postgresAndBatchGetEachPassword(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<EnvVar> postgres = rendered.one(StatefulSet.class, "postgres").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        Set<String> created = names(postgres.stream().map(EnvVar::getName).filter(n -> !n.equals("POSTGRES_PASSWORD")).toList(), "", "_PASSWORD");
        assertEquals(DATABASES, lower(created), "PostgreSQL's <DB>_PASSWORD variables, each database init-databases.sh creates");
        rendered.podTemplates().forEach((workload, template) -> {
            if ("batch".equals(template.getMetadata().getLabels().get("app.kubernetes.io/name"))) {
                for (var container : StrictDecodingTest.containers(template)) {
                    assertEquals(DATABASES, lower(names(container.getEnv().stream().map(EnvVar::getName).toList(), "", "_DB_PASSWORD")),
                            workload + "/" + container.getName() + ": <DB>_DB_PASSWORD for each datasource");
                }
            }
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheOwnersAndBatchReachPostgres(String overlay) {
        Set<String> expected = new TreeSet<>(DATABASES);
        expected.add("batch");
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        NetworkPolicy ingress = rendered.one(NetworkPolicy.class, "postgres-ingress");
        assertEquals(expected, ingress.getSpec().getIngress().get(0).getFrom().stream().map(NetworkPolicyPeer::getPodSelector)
                .map(s -> s.getMatchLabels().get("app.kubernetes.io/name")).collect(Collectors.toCollection(TreeSet::new)));
        NetworkPolicy egress = rendered.one(NetworkPolicy.class, "postgres-clients-egress");
        assertEquals(expected, egress.getSpec().getPodSelector().getMatchExpressions().stream().map(LabelSelectorRequirement::getValues)
                .flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** The middles of the names that start with prefix and end with suffix. */
    private static Set<String> names(java.util.Collection<String> all, String prefix, String suffix) {
        return all.stream().filter(n -> n.startsWith(prefix) && n.endsWith(suffix) && n.length() > prefix.length() + suffix.length())
                .map(n -> n.substring(prefix.length(), n.length() - suffix.length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }
}
