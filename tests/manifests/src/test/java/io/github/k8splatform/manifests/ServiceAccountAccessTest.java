package io.github.k8splatform.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What each ServiceAccount of the installed kind overlay may do, asked of the real server's RBAC
 * authorizer (a SubjectAccessReview per question, as `kubectl auth can-i --as` asks): the gateway
 * and drill-reader may each do exactly what ApiAccessTest.ROLES grants it, where it grants it; no
 * account may do any of {@link #NEVER}; and no other account may do anything either of them may.
 */
class ServiceAccountAccessTest {

    private static final String GATEWAY = "platform/gateway";
    private static final String DRILL_READER = "platform/drill-reader";
    /** Verbs no workload of the platform needs, each as namespace (empty: cluster-wide), group/resource[/subresource], verb. */
    private static final List<Question> NEVER = List.of(
            new Question("platform", "/secrets", "get"), new Question("platform", "/secrets", "list"),
            new Question("platform-logging", "/secrets", "get"), new Question("", "/secrets", "list"),
            new Question("platform", "/pods", "create"), new Question("platform", "/pods", "delete"),
            new Question("platform", "/pods/exec", "create"), new Question("platform", "/pods/log", "get"),
            new Question("platform", "/serviceaccounts/token", "create"), new Question("platform", "/configmaps", "list"),
            new Question("platform", "apps/deployments", "patch"), new Question("platform", "apps/deployments", "update"),
            new Question("platform", "apps/deployments/scale", "update"), new Question("platform", "batch/jobs", "create"),
            new Question("", "/nodes", "watch"), new Question("", "/nodes", "update"), new Question("kube-system", "/pods", "list"),
            new Question("platform-logging", "/pods", "watch"), new Question("", "rbac.authorization.k8s.io/clusterroles", "escalate"),
            new Question("", "/nodes/proxy", "create"));

    /** One can-i question: may the account do {@code verb} on {@code resource} (group/resource[/subresource]) in {@code namespace}? */
    record Question(String namespace, String resource, String verb) {

        @Override
        public String toString() {
            return verb + " " + resource + (namespace.isEmpty() ? " (cluster)" : " in " + namespace);
        }
    }

    @Test
    void eachAccountMayDoWhatItNeedsAndNothingElse() {
        Installation.ofTheTree("kind");
        Map<String, List<Question>> needs = Map.of(GATEWAY, grants(role -> !role.equals(ApiAccessTest.DRILL_READER_ROLE)),
                DRILL_READER, grants(role -> role.equals(ApiAccessTest.DRILL_READER_ROLE)));
        // The authorizer reads bindings from its own cache: wait until it has the gateway's, when new.
        awaitAnswer(Broken.copyOf(ServiceAccount.class, "gateway"), needs.get(GATEWAY).get(0), true);
        awaitAnswer(Broken.copyOf(ServiceAccount.class, "drill-reader"), needs.get(DRILL_READER).get(0), true);
        List<Question> questions = new ArrayList<>(NEVER);
        needs.values().forEach(questions::addAll);
        Map<String, String> wrong = new TreeMap<>();
        int asked = 0;
        for (ServiceAccount account : RenderedOverlay.of("kind").all(ServiceAccount.class)) {
            String subject = account.getMetadata().getNamespace() + "/" + account.getMetadata().getName();
            List<JsonNode> answers = ask(account, questions);
            for (int i = 0; i < questions.size(); i++) {
                boolean expected = needs.getOrDefault(subject, List.of()).contains(questions.get(i));
                boolean allowed = answers.get(i).path("status").path("allowed").asBoolean();
                if (allowed != expected) {
                    wrong.put(subject + " " + questions.get(i), (allowed ? "allowed: " : "denied: ") + answers.get(i).path("status").path("reason").asText());
                }
            }
            asked += questions.size();
        }
        assertEquals(Map.of(), wrong, "the server's RBAC answers that differ from what each account needs");
        assertTrue(asked > 2 * questions.size(), "more than two accounts were asked about");
        System.out.printf("RBAC on kube-apiserver %s: %d questions to %d ServiceAccounts answered as expected%n",
                ApiServer.version(), asked, RenderedOverlay.of("kind").all(ServiceAccount.class).size());
    }

    @Test
    void withoutItsRoleBindingTheGatewayIsDenied() {
        Installation.ofTheTree("kind");
        ServiceAccount gateway = Broken.copyOf(ServiceAccount.class, "gateway");
        Question pods = new Question("platform", "/pods", "watch");
        awaitAnswer(gateway, pods, true);
        ApiServer.kubectl(null, "-n", "platform", "delete", "rolebinding", "gateway-workloads").orFail("deleting the binding");
        try {
            awaitAnswer(gateway, pods, false);
        } finally {
            ApiServer.kubectl(ApiServer.json(RenderedOverlay.of("kind").one(RoleBinding.class,
                    "gateway-workloads")), "apply", "-f", "-").orFail("restoring the binding");
            awaitAnswer(gateway, pods, true);
        }
    }

    /**
     * Asks until the server answers {@code allowed}, for at most 15 s: the RBAC authorizer sees a
     * binding made or deleted a moment later, through its informers.
     */
    private static void awaitAnswer(ServiceAccount account, Question question, boolean allowed) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode answer = ask(account, List.of(question)).get(0);
        while (answer.path("status").path("allowed").asBoolean() != allowed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            answer = ask(account, List.of(question)).get(0);
        }
        assertEquals(allowed, answer.path("status").path("allowed").asBoolean(), account.getMetadata().getName() + " "
                + question + " within 15 s: " + answer.path("status"));
    }

    /** Each grant of the roles of ApiAccessTest.ROLES named as asked, as a question: a Role's in its namespace, a ClusterRole's cluster-wide. */
    private static List<Question> grants(java.util.function.Predicate<String> roles) {
        List<Question> questions = new ArrayList<>();
        ApiAccessTest.ROLES.forEach((role, grants) -> {
            if (!roles.test(role)) {
                return;
            }
            String namespace = role.startsWith("Role ") ? role.substring("Role ".length(), role.indexOf('/')) : "";
            for (String grant : grants) {
                int colon = grant.lastIndexOf(':');
                questions.add(new Question(namespace, grant.substring(0, colon), grant.substring(colon + 1)));
            }
        });
        return questions;
    }

    /** One SubjectAccessReview per question, for the account with the groups the server gives its tokens, sent as one List. */
    private static List<JsonNode> ask(ServiceAccount account, List<Question> questions) {
        String namespace = account.getMetadata().getNamespace();
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (Question q : questions) {
            String[] parts = q.resource().split("/", -1);
            ObjectNode review = items.addObject().put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
            ObjectNode spec = review.putObject("spec").put("user", "system:serviceaccount:" + namespace + ":" + account.getMetadata().getName());
            spec.putArray("groups").add("system:serviceaccounts").add("system:serviceaccounts:" + namespace).add("system:authenticated");
            ObjectNode attributes = spec.putObject("resourceAttributes").put("namespace", q.namespace()).put("verb", q.verb())
                    .put("group", parts[0]).put("resource", parts[1]);
            if (parts.length > 2) {
                attributes.put("subresource", parts[2]);
            }
        }
        List<JsonNode> answers = ApiServer.jsonDocuments(ApiServer.kubectl(list.toString(), "create", "-o", "json", "-f", "-")
                .orFail("asking RBAC").stdout());
        assertEquals(questions.size(), answers.size(), "one answer per question");
        return answers;
    }
}
