package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret value is in the repository: the overlays render no Secret, make up creates the ones
 * listed in k8s/base/app/install-secrets with random values (scripts/cluster/up.sh), that list is
 * exactly what the pod templates ask for, no pod template writes a credential in clear, and no
 * configuration or script of the repository assigns a literal password, token or secret.
 */
class InstallSecretsTest {

    private static final Path LIST = Project.ROOT.resolve("k8s/base/app/install-secrets");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)password|passwd|token|secret|credential");
    /** key=value or key: value, the key naming a credential, the value written out (not $VAR or ${...}). */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)([\\w.-]*(?:password|passwd|token|secret)[\\w.-]*)\\s*[=:]\\s*[\"']?([A-Za-z0-9_+/][^\\s\"']*)");
    /** Keys that name a Secret or where a value comes from, not a value. */
    private static final Pattern REFERENCE_KEY = Pattern.compile("(?i).*(from-secret|with-key|secretname|secretkeyref|_file)$");
    /** A flag, a number, or a variable named for what it holds (psql's :'password'). */
    private static final Pattern NOT_A_VALUE = Pattern.compile("(?i)true|false|[0-9]+|(password|passwd|token|secret)[;,]?");
    private static final List<String> SCANNED = List.of("k8s", "ingress", "scripts", "images", "services", "libs", "tools",
            "Makefile", ".ci");

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void theOverlaysRenderNoSecret(String overlay) {
        assertEquals(List.of(), RenderedOverlay.of(overlay).all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void installSecretsListsWhatThePodTemplatesAskFor(String overlay) throws IOException {
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
        for (PodTemplates.PodTemplate template : PodTemplates.of(RenderedOverlay.of(overlay).objects)) {
            for (PodTemplates.ContainerAt c : template.containers()) {
                for (EnvVar env : PodTemplates.orEmpty(c.container().getEnv())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        asked.add(template.owner().getMetadata().getNamespace() + "/" + env.getValueFrom().getSecretKeyRef().getName()
                                + "/" + env.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
            }
        }
        assertEquals(asked, listed, "k8s/base/app/install-secrets must list every Secret key a pod template uses, in its"
                + " namespace, and no other");
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
        for (String part : SCANNED) {
            try (Stream<Path> files = Files.walk(Project.ROOT.resolve(part))) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).filter(InstallSecretsTest::scanned)::iterator) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).trim().startsWith("#")) {
                            continue;
                        }
                        Matcher assignment = ASSIGNMENT.matcher(lines.get(i));
                        while (assignment.find()) {
                            if (!REFERENCE_KEY.matcher(assignment.group(1)).matches() && !NOT_A_VALUE.matcher(assignment.group(2)).matches()) {
                                found.add(Project.ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "a credential's value belongs in a Secret or the environment, never in a file");
    }

    /** Configuration, manifests and scripts; not build output, tests or sources (whose names mention these words). */
    private static boolean scanned(Path file) {
        String path = Project.ROOT.relativize(file).toString();
        String name = file.getFileName().toString();
        return !path.contains("/target/") && !path.contains("/src/test/") && !path.contains("node_modules")
                && (name.endsWith(".properties") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".sh")
                        || name.endsWith(".env") || name.equals("Makefile") || name.equals("run") || name.endsWith(".mk")
                        || name.equals("Dockerfile") || name.equals("install-secrets"));
    }
}
