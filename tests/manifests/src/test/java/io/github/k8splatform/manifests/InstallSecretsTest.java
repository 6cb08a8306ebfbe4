package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret value is in the repository: the overlays render no Secret, make up creates the ones
 * listed in k8s/base/app/install-secrets with random values (scripts/cluster/up.sh), that list is
 * exactly what the pod templates ask for (env keys, envFrom, volumes), no pod template writes a
 * credential in clear, and no text file of the repository assigns a literal password, token or
 * secret; planted credentials show the scan finds one in every kind of file.
 */
class InstallSecretsTest {

    private static final Path LIST = Project.ROOT.resolve("k8s/base/app/install-secrets");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)password|passwd|token|secret|credential");
    /** The files whose lines are key=value or key: value: configuration, manifests, scripts. */
    private static final Pattern CONFIGURATION = Pattern.compile(
            "(?i).*\\.(properties|ya?ml|sh|env|conf|mk|toml|ini)|Makefile|Dockerfile|run|install-secrets");
    /** key=value, key ?= value or key: value, the key naming a credential, the value written out (not $VAR or ${...}). */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)([\\w.-]*(?:password|passwd|token|secret)[\\w.-]*)[\"']?\\s*[?:]?[=:]\\s*[\"']?([A-Za-z0-9_+/][^\\s\"';,]*)");
    /** Anywhere else: the key naming a credential, then = or :, then a quoted value. */
    private static final Pattern QUOTED = Pattern.compile(
            "(?i)([\\w.-]*(?:password|passwd|token|secret)[\\w.-]*)[\"']?\\s*[?:]?[=:]\\s*[\"']([^\\s\"'$]+)[\"']");
    /** Keys that name a Secret or where a value comes from, not a value. */
    private static final Pattern REFERENCE_KEY = Pattern.compile("(?i).*(from-secret|with-key|secretname|secretkeyref|_file)$");
    /** A switch or a count (automountServiceAccountToken: false), never a secret. */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)true|false|[0-9]+");
    /** psql's reference to a variable, PASSWORD :'password' (postgres/init-databases.sh): the value comes from -v. */
    private static final Pattern PSQL_VARIABLE = Pattern.compile("(?s).*\\s:'\\w+");
    /** A comment line: prose about tokens, not a value. */
    private static final Pattern COMMENT = Pattern.compile("^\\s*(#|//|/?\\*)");

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void theOverlaysRenderNoSecret(String overlay) {
        assertEquals(List.of(), RenderedOverlay.of(overlay).all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void installSecretsListsWhatThePodTemplatesAskFor(String overlay) throws IOException {
        assertEquals(List.of(), unlisted(RenderedOverlay.of(overlay).objects), "k8s/base/app/install-secrets must list every"
                + " Secret a pod template uses, in its namespace, and no other");
    }

    /** Every way a pod reaches a Secret counts: an env key, envFrom, a volume, a projected volume. */
    @Test
    void everyWayOfUsingASecretIsCounted() throws IOException {
        List<Consumer<PodSpec>> uses = List.of(
                pod -> pod.getContainers().get(0).getEnvFrom().add(new EnvFromSourceBuilder().withNewSecretRef().withName("planted")
                        .endSecretRef().build()),
                pod -> pod.getVolumes().add(new VolumeBuilder().withName("planted").withNewSecret().withSecretName("planted")
                        .endSecret().build()),
                pod -> pod.getVolumes().add(new VolumeBuilder().withName("planted").withNewProjected().addNewSource().withNewSecret()
                        .withName("planted").endSecret().endSource().endProjected().build()),
                pod -> pod.getContainers().get(0).getEnv().add(new EnvVarBuilder().withName("PLANTED").withNewValueFrom()
                        .withNewSecretKeyRef("key", "planted", false).endValueFrom().build()));
        for (Consumer<PodSpec> use : uses) {
            List<String> unlisted = unlisted(Broken.mutated(Deployment.class, "orders", d -> use.accept(d.getSpec().getTemplate().getSpec())));
            assertEquals(1, unlisted.stream().filter(u -> u.contains("platform/planted")).count(), unlisted.toString());
        }
    }

    /** The Secrets (namespace/name) and keys the pod templates use and install-secrets does not list, and the other way round. */
    private static List<String> unlisted(List<HasMetadata> objects) throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(LIST)) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty() || words[0].startsWith("#")) {
                continue;
            }
            for (String namespace : words[0].split(",")) {
                for (int i = 2; i < words.length; i++) {
                    listed.add(namespace + "/" + words[1] + "/" + words[i]);
                }
            }
        }
        Set<String> asked = new TreeSet<>();
        Set<String> wholeSecrets = new TreeSet<>();
        for (PodTemplates.PodTemplate template : PodTemplates.of(objects)) {
            String namespace = template.owner().getMetadata().getNamespace() + "/";
            for (PodTemplates.ContainerAt c : template.containers()) {
                for (EnvVar env : PodTemplates.orEmpty(c.container().getEnv())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        asked.add(namespace + env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
                for (EnvFromSource from : PodTemplates.orEmpty(c.container().getEnvFrom())) {
                    if (from.getSecretRef() != null) {
                        wholeSecrets.add(namespace + from.getSecretRef().getName());
                    }
                }
            }
            for (Volume volume : PodTemplates.orEmpty(template.template().getSpec().getVolumes())) {
                if (volume.getSecret() != null) {
                    wholeSecrets.add(namespace + volume.getSecret().getSecretName());
                }
                if (volume.getProjected() != null) {
                    for (VolumeProjection source : volume.getProjected().getSources()) {
                        if (source.getSecret() != null) {
                            wholeSecrets.add(namespace + source.getSecret().getName());
                        }
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        asked.stream().filter(a -> !listed.contains(a)).forEach(a -> problems.add("used, not listed: " + a));
        wholeSecrets.stream().filter(w -> listed.stream().noneMatch(l -> l.startsWith(w + "/"))).forEach(w -> problems.add("used whole, not listed: " + w));
        listed.stream().filter(l -> !asked.contains(l) && !wholeSecrets.contains(l.substring(0, l.lastIndexOf('/'))))
                .forEach(l -> problems.add("listed, never used: " + l));
        return problems;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void noPodTemplateWritesACredentialInClear(String overlay) {
        List<String> clear = new ArrayList<>();
        for (PodTemplates.PodTemplate template : PodTemplates.of(RenderedOverlay.of(overlay).objects)) {
            for (PodTemplates.ContainerAt c : template.containers()) {
                for (EnvVar env : PodTemplates.orEmpty(c.container().getEnv())) {
                    if (CREDENTIAL.matcher(env.getName()).find() && env.getValue() != null) {
                        clear.add(template.owner().getKind() + "/" + template.owner().getMetadata().getName() + " " + c.path() + " " + env.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), clear);
    }

    @Test
    void noFileOfTheRepositoryAssignsALiteralCredential() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : scannedFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String value : literalCredentials(file.getFileName().toString(), lines.get(i))) {
                    found.add(Project.ROOT.relativize(file) + ":" + (i + 1) + ": " + value);
                }
            }
        }
        assertEquals(List.of(), found, "a credential's value belongs in a Secret or the environment, never in a file");
    }

    /** Credentials planted in each kind of file the scan reads: every one must be found. */
    @ParameterizedTest
    @ValueSource(strings = {"application.properties|quarkus.datasource.password=password", "values.yaml|token: secret",
            "values.yaml|  apiToken: \"abc123\"", "config.json|{\"auths\": {\"x\": {\"password\": \"hunter2\"}}}",
            "Main.java|    private static final String SECRET = \"s3cr3t\";", "app.conf|db_password = hunter2",
            "local.env|CATALOG_WRITE_TOKEN=0123456789abcdef", "run.sh|export PGPASSWORD='hunter2'", "Makefile|TOKEN ?= abc123",
            "page.js|const token = 'abc123';", "notes.md|curl --header 'X-Token: abc' -d '{\"password\": \"hunter2\"}'"})
    void aPlantedCredentialIsFound(String sample) {
        String[] file = sample.split("\\|", 2);
        assertEquals(1, literalCredentials(file[0], file[1]).size(), sample);
    }

    /** What names a credential without holding one: a reference, a variable, a key, a header name. */
    @ParameterizedTest
    @ValueSource(strings = {"application.properties|quarkus.datasource.password=${DB_PASSWORD}",
            "run.sh|PGPASSWORD=\"$POSTGRES_PASSWORD\" psql", "x.yaml|            secretKeyRef:", "x.yaml|  name: logs-read-token",
            "Main.java|        String token = header.substring(7);", "Main.java|    @ConfigProperty(name = \"app.write-token\")",
            "up.sh|  kube -n ns get secret logs-read-token -o name", "x.yaml|    secretName: registry-credentials",
            "init.sh|CREATE ROLE :\"name\" LOGIN PASSWORD :'password';", "x.yaml|      automountServiceAccountToken: false",
            "up.sh|# The install's log read token: how a person gets it"})
    void aReferenceIsNotACredential(String sample) {
        String[] file = sample.split("\\|", 2);
        assertEquals(List.of(), literalCredentials(file[0], file[1]), sample);
    }

    /**
     * The values a line of this file assigns, written out, to a key naming a credential: key=value
     * and key: value in configuration, manifests and scripts; a quoted value in any other text.
     * A reference ($VAR, ${...}, psql's :'var') is no value, nor a switch or a count; comments are prose.
     */
    static List<String> literalCredentials(String fileName, String line) {
        List<String> values = new ArrayList<>();
        if (COMMENT.matcher(line).find()) {
            return values;
        }
        boolean configuration = CONFIGURATION.matcher(fileName).matches();
        Matcher m = (configuration ? ASSIGNMENT : QUOTED).matcher(line);
        while (m.find()) {
            if (!REFERENCE_KEY.matcher(m.group(1)).matches() && !NOT_A_SECRET.matcher(m.group(2)).matches()
                    && !PSQL_VARIABLE.matcher(m.group()).matches()) {
                values.add(m.group(1) + " = " + m.group(2));
            }
        }
        return values;
    }

    /** Every text file git tracks, outside the tests (whose throwaway tokens are theirs to hold). */
    private static List<Path> scannedFiles() throws IOException {
        Process git = new ProcessBuilder("git", "-C", Project.ROOT.toString(), "ls-files", "-z").start();
        String listing = new String(git.getInputStream().readAllBytes());
        List<Path> files = new ArrayList<>();
        for (String path : listing.split("\0")) {
            Path file = Project.ROOT.resolve(path);
            if (!path.isEmpty() && !path.contains("/src/test/") && Files.isRegularFile(file) && isText(file)) {
                files.add(file);
            }
        }
        assertTrue(files.size() > 100, "git ls-files found " + files.size() + " files: is this a git checkout?");
        return files;
    }

    /** No NUL byte in its first 8000 bytes, as git decides; only those are read. */
    private static boolean isText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8000);
        }
        for (int i = 0; i < head.length; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        return true;
    }
}
