package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One name per token, derived as service-web's BearerToken derives it: the Secret
 * {@code <service>-<purpose>-token} (key token), the environment variable
 * {@code <SERVICE>_<PURPOSE>_TOKEN} a pod template fills from it, and the setting
 * {@code app.<purpose>-token} that reads that variable in every service that uses it.
 */
class TokenNamesTest {

    private static final Pattern SECRET = Pattern.compile("([a-z]+(?:-[a-z]+)*)-([a-z]+)-token");
    /** A setting whose value is read from a token variable: ${X_TOKEN} or ${X_TOKEN:default}. */
    private static final Pattern FROM_VARIABLE = Pattern.compile("\\$\\{([A-Z_]+_TOKEN)[:}]");

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void everyTokenASecretHoldsIsNamedByTheScheme(String overlay) {
        assertEquals(List.of(), misnamed(RenderedOverlay.of(overlay).objects));
    }

    @Test
    void aTokenNamedOtherwiseIsFound() {
        List<HasMetadata> planted = Broken.mutated(Deployment.class, "orders", d -> d.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().add(new EnvVarBuilder().withName("LOG_INGEST_TOKEN").withNewValueFrom()
                        .withNewSecretKeyRef("token", "logs-ingest-token", false).endValueFrom().build()));
        assertEquals(List.of("Deployment/orders: LOG_INGEST_TOKEN from Secret logs-ingest-token, expected LOGS_INGEST_TOKEN"),
                misnamed(planted));
        planted = Broken.mutated(Deployment.class, "orders", d -> d.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().add(new EnvVarBuilder().withName("INGEST_TOKEN").withNewValueFrom()
                        .withNewSecretKeyRef("token", "ingest-token", false).endValueFrom().build()));
        assertEquals(1, misnamed(planted).size(), misnamed(planted).toString());
    }

    @Test
    void everyServiceReadsATokenVariableAsAppPurposeToken() {
        List<String> wrong = new ArrayList<>();
        int tokens = 0;
        for (String service : ServiceModules.all()) {
            for (Map.Entry<Object, Object> e : Project.config(service).entrySet()) {
                String key = e.getKey().toString();
                Matcher variable = FROM_VARIABLE.matcher(e.getValue().toString());
                if (key.startsWith("quarkus.") || !variable.find()) {
                    continue;
                }
                tokens++;
                String expected = settingFor(variable.group(1));
                if (!key.equals(expected)) {
                    wrong.add(service + ": " + key + " reads " + variable.group(1) + ", expected " + expected);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertFalse(tokens < 4, "catalog's write token, logs' ingest and read tokens and the agent's ingest token: found "
                + tokens);
    }

    /** LOGS_INGEST_TOKEN is read as app.ingest-token, by the service that owns it and any that sends it. */
    private static String settingFor(String variable) {
        Matcher m = Pattern.compile("([A-Z]+(?:_[A-Z]+)*)_([A-Z]+)_TOKEN").matcher(variable);
        return m.matches() && ServiceModules.all().contains(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'))
                ? "app." + m.group(2).toLowerCase(Locale.ROOT) + "-token"
                : "(no setting: " + variable + " names no service)";
    }

    private static List<String> misnamed(List<HasMetadata> objects) {
        List<String> wrong = new ArrayList<>();
        for (PodTemplates.PodTemplate template : PodTemplates.of(objects)) {
            String owner = template.owner().getKind() + "/" + template.owner().getMetadata().getName();
            for (PodTemplates.ContainerAt c : template.containers()) {
                for (EnvVar env : PodTemplates.orEmpty(c.container().getEnv())) {
                    SecretKeySelector ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                    if (ref == null || !ref.getName().endsWith("-token")) {
                        continue;
                    }
                    Matcher m = SECRET.matcher(ref.getName());
                    String expected = ref.getName().toUpperCase(Locale.ROOT).replace('-', '_');
                    if (!m.matches() || !ServiceModules.all().contains(m.group(1))) {
                        wrong.add(owner + ": Secret " + ref.getName() + " is not <service>-<purpose>-token");
                    } else if (!env.getName().equals(expected) || !"token".equals(ref.getKey())) {
                        wrong.add(owner + ": " + env.getName() + " from Secret " + ref.getName() + ", expected " + expected);
                    }
                }
            }
        }
        return wrong;
    }
}
