package io.github.k8splatform.flows;

import static io.github.k8splatform.flows.Expected.K3S;
import static io.github.k8splatform.flows.Expected.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * make tour: refuses without a platform, then walks the concept pages in order: each page's title and
 * summary, its tour lines for the cluster run with kubectl pointed at that cluster, the notes, a prompt.
 * The expected calls are derived from the pages here, independently of the script's own reading.
 */
class TourFlowTest {

    /** What every kubectl stand-in call prints; a $(kubectl ...) in a tour line becomes this. */
    private static final String KUBECTL_SAYS = "10.89.0.7";
    private static final String PLATFORM_CHECK = " -n platform get deployment gateway --request-timeout=10s";

    @TempDir
    Path dir;

    private Map<String, String> env;

    private Sandbox sandbox() throws Exception {
        Sandbox sandbox = new Sandbox(dir)
                .answer("kubectl", "*", KUBECTL_SAYS + "\\n")
                .answer("docker", "*", "docker says\\n")
                .answer("curl", "*", "curl says\\n")
                .answer("k3s", "*", "k3s says\\n");
        Files.writeString(sandbox.root.resolve("k3s.yaml"), "apiVersion: v1\n");
        env = Map.of("K3S_KUBECONFIG", sandbox.root.resolve("k3s.yaml").toString());
        return sandbox;
    }

    private Sandbox.Run tour(Sandbox sandbox, String... variables) throws Exception {
        List<String> args = new ArrayList<>(List.of("tour"));
        args.addAll(List.of(variables));
        return sandbox.make(env, args.toArray(String[]::new));
    }

    private static String kube(String cluster) {
        return cluster.equals("kind") ? KIND : K3S;
    }

    /** The calls the tour's lines make on this cluster, pages from the first given to the last given. */
    private static List<String> pageCalls(String cluster, int fromPage, int toPage) {
        List<String> calls = new ArrayList<>();
        for (ConceptGuide.Page page : ConceptGuide.pages("en")) {
            if (page.number() < fromPage || page.number() > toPage) {
                continue;
            }
            for (String line : page.tourLines(cluster)) {
                String command = ConceptGuide.unmarked(line);
                for (String inner : ShellWords.substitutions(command)) {
                    calls.addAll(call(cluster, inner));
                    command = command.replace("$(" + inner + ")", KUBECTL_SAYS);
                }
                calls.addAll(call(cluster, command));
            }
        }
        return calls;
    }

    /** One command as the stand-ins record it; nothing for a program that is not a stand-in (uname). */
    private static List<String> call(String cluster, String command) {
        List<String> words = new ArrayList<>(ShellWords.split(command));
        if (!Sandbox.STAND_INS.contains(words.get(0))) {
            return List.of();
        }
        String shown = Sandbox.shown(words);
        return List.of(words.get(0).equals("kubectl") ? kube(cluster) + shown.substring("kubectl".length()) : shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void walksEveryPageInOrder(String cluster) throws Exception {
        Sandbox sandbox = sandbox();
        Sandbox.Run run = tour(sandbox, "CLUSTER=" + cluster);

        assertEquals(0, run.exit(), run.output());
        List<String> expected = new ArrayList<>(List.of(kube(cluster) + PLATFORM_CHECK));
        expected.addAll(pageCalls(cluster, 1, 99));
        assertEquals(expected, run.commands());
        String output = run.output();
        int at = 0;
        for (ConceptGuide.Page page : ConceptGuide.pages("en")) {
            for (String shown : List.of("== " + page.title().substring(2), page.summary())) {
                int found = output.indexOf(shown, at);
                assertTrue(found >= at, "not in order in the output: " + shown + "\n" + output);
                at = found;
            }
            for (String line : page.tourLines(cluster)) {
                assertTrue(output.contains("$ " + line), "not shown: " + line);
            }
        }
        assertEquals(ConceptGuide.pages("en").size(), output.split("Enter: next concept", -1).length - 1,
                "one prompt per page");
        assertTrue(output.contains("kubectl in this tour runs as " + kube(cluster).replace("$ROOT", sandbox.root.toString())),
                output);
    }

    @Test
    void theKoreanTourRunsTheSameCommandsWithKoreanTexts() throws Exception {
        Sandbox sandbox = sandbox();
        List<String> english = tour(sandbox).commands();
        Sandbox.Run korean = tour(sandbox, "TOUR_LANG=ko");

        assertEquals(0, korean.exit(), korean.output());
        assertEquals(english, korean.commands());
        for (ConceptGuide.Page page : ConceptGuide.pages("ko")) {
            assertTrue(korean.output().contains(page.summary()), page.name());
        }
        assertTrue(korean.output().contains("Enter: 다음 개념"), korean.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void refusesWithOneLineWhenNoPlatformIsUp(String cluster) throws Exception {
        Sandbox sandbox = sandbox().answer("kubectl", "*" + PLATFORM_CHECK, 1, "Error from server (NotFound)\\n");
        Sandbox.Run run = tour(sandbox, "CLUSTER=" + cluster);

        assertNotEquals(0, run.exit());
        assertEquals(List.of(kube(cluster) + PLATFORM_CHECK), run.commands());
        assertTrue(run.output().contains("tour: no platform on the " + cluster
                + " cluster (deployment/gateway in namespace platform): run make up first\n"), run.output());
    }

    @Test
    void refusesAnUnknownLanguageBeforeAnyCall() throws Exception {
        Sandbox.Run run = tour(sandbox(), "TOUR_LANG=fr");

        assertNotEquals(0, run.exit());
        assertEquals(List.of(), run.commands());
        assertTrue(run.output().contains("tour: TOUR_LANG must be one of: en ko, not 'fr'"), run.output());
    }

    @Test
    void aFailingCommandIsShownAndTheTourGoesOn() throws Exception {
        // The stand-in fails the calls that end in the line's last word: not the tour's own platform check's.
        String checkEnds = PLATFORM_CHECK.substring(PLATFORM_CHECK.lastIndexOf(' '));
        String failing = ConceptGuide.pages("en").get(0).tourLines("kind").stream()
                .filter(l -> l.startsWith("kubectl ") && !l.endsWith(checkEnds)).reduce((a, b) -> b).orElseThrow();
        List<String> words = ShellWords.split(failing);
        Sandbox sandbox = sandbox().answer("kubectl", "* " + words.get(words.size() - 1), 1, "no such file\\n");
        Sandbox.Run run = tour(sandbox);

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("$ " + failing + "\nno such file\n(exit 1)\n"), run.output());
        assertTrue(run.output().contains("Commands that failed (page and exit status):\n  1: " + failing + " (exit 1)\n"),
                run.output());
        assertEquals(1 + pageCalls("kind", 1, 99).size(), run.commands().size(), "every page still ran");
    }

    @Test
    void qStopsAfterThePageAndSaysWhereToGoOn() throws Exception {
        Sandbox.Run run = tour(sandbox().input("\nq\n"));

        assertEquals(0, run.exit(), run.output());
        assertEquals(pageCalls("kind", 1, 2), run.commands().subList(1, run.commands().size()));
        assertTrue(run.output().endsWith("Tour stopped. To go on: TOUR_FROM=3 make tour\n"), run.output());
    }

    @Test
    void tourFromStartsAtThatPage() throws Exception {
        Sandbox.Run run = tour(sandbox(), "TOUR_FROM=15");

        assertEquals(0, run.exit(), run.output());
        assertEquals(pageCalls("kind", 15, 99), run.commands().subList(1, run.commands().size()));
    }
}
