package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The concept guide stays true: both languages have the same pages, links, commands and names; every
 * file, make target and Kubernetes object it names exists (objects in the rendered kind and k3s
 * overlays); and the tour's lines only read, each bounded in time.
 */
class ConceptGuideTest {

    private static final Path ROOT = RenderedOverlay.repositoryRoot();
    private static final List<String> OVERLAYS = List.of("kind", "k3s");
    private static final Pattern TITLE = Pattern.compile("# (\\d\\d)\\. \\S.*");
    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w/.-])((?:k8s|scripts|services|images|ingress|docs|tools|libs|tests)/[\\w./-]*[\\w/])");
    private static final Pattern MAKE_TARGET = Pattern.compile("\\bmake ([a-z][a-z0-9-]*)");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final String KINDS = "Deployment|Service|Job|CronJob|DaemonSet|StatefulSet|Ingress|IngressClass"
            + "|NetworkPolicy|PodDisruptionBudget|ServiceAccount|Role|ClusterRole|Namespace|namespace";
    private static final Pattern KIND_THEN_NAME = Pattern.compile("\\b(" + KINDS + ") `([a-z0-9][a-z0-9.-]*)`");
    private static final Pattern NAME_THEN_KIND = Pattern.compile("`([a-z0-9][a-z0-9.-]*)` (" + KINDS + ")\\b");
    /** Objects the clusters make themselves (kind, k3s, the Traefik chart): named, never rendered here. */
    private static final Set<String> CLUSTER_OBJECTS = Set.of("IngressClass/traefik", "Service/kube-dns",
            "DaemonSet/kube-proxy", "DaemonSet/kindnet");
    /** kubectl's names for the kinds the guide names objects of; others (pods, nodes, ReplicaSets) exist only at run time. */
    private static final Map<String, String> RESOURCES = resources();
    /** kubectl flags followed by their value as the next word. */
    private static final Set<String> VALUE_FLAGS = Set.of("-n", "--namespace", "-l", "--selector", "-o", "--output", "-L",
            "-c", "--container", "-p", "--patch", "--type", "--port", "--target-port", "--name", "--sort-by", "-f");
    private static final Pattern SELECTOR_IN = Pattern.compile("([\\w./-]+) in \\(([^)]*)\\)");

    private static Map<String, String> resources() {
        Map<String, String> kinds = new HashMap<>();
        for (String[] names : List.of(
                new String[] {"Deployment", "deploy", "deployment", "deployments"},
                new String[] {"Service", "svc", "service", "services"},
                new String[] {"Job", "job", "jobs"},
                new String[] {"CronJob", "cj", "cronjob", "cronjobs"},
                new String[] {"DaemonSet", "ds", "daemonset", "daemonsets"},
                new String[] {"StatefulSet", "sts", "statefulset", "statefulsets"},
                new String[] {"Ingress", "ing", "ingress", "ingresses"},
                new String[] {"PodDisruptionBudget", "pdb", "poddisruptionbudget", "poddisruptionbudgets"},
                new String[] {"NetworkPolicy", "netpol", "networkpolicy", "networkpolicies"},
                new String[] {"ServiceAccount", "sa", "serviceaccount", "serviceaccounts"})) {
            for (int i = 1; i < names.length; i++) {
                kinds.put(names[i], names[0]);
            }
        }
        return kinds;
    }

    private static List<ConceptGuide.Page> english() {
        return ConceptGuide.pages("en");
    }

    /** A language's numbered pages and its index. */
    private static List<ConceptGuide.Page> withIndex(String language) {
        List<ConceptGuide.Page> pages = new ArrayList<>(ConceptGuide.pages(language));
        pages.add(ConceptGuide.index(language));
        return pages;
    }

    @Test
    void everyLanguageHasTheSameSixteenNumberedPages() {
        assertEquals(List.of("en", "ko"), ConceptGuide.languages());
        List<String> names = english().stream().map(ConceptGuide.Page::name).toList();
        assertEquals(16, names.size(), names.toString());
        assertEquals(IntStream.rangeClosed(1, 16).boxed().toList(), english().stream().map(ConceptGuide.Page::number).toList());
        for (String language : ConceptGuide.languages()) {
            assertEquals(names, ConceptGuide.pages(language).stream().map(ConceptGuide.Page::name).toList(), language);
        }
    }

    @Test
    void eachPageHasItsTitleSummaryAndFourPartsWithTheTourInTheThird() {
        for (String language : ConceptGuide.languages()) {
            for (ConceptGuide.Page page : ConceptGuide.pages(language)) {
                String where = language + "/" + page.name();
                Matcher title = TITLE.matcher(page.title());
                assertTrue(title.matches(), where + ": the first line is '# NN. Title'");
                assertEquals(page.number(), Integer.parseInt(title.group(1)), where);
                assertEquals("", page.lines().get(1), where);
                assertTrue(page.lines().get(2).startsWith("> ") && page.summary().length() > 20, where + ": a summary line");
                assertEquals(4, page.headings().size(), where + ": " + page.headings());
                String text = page.text();
                int seeIt = text.indexOf(page.headings().get(2));
                int tryIt = text.indexOf(page.headings().get(3));
                int tour = text.indexOf("```sh tour\n");
                assertTrue(seeIt < tour && tour < tryIt, where + ": the ```sh tour block belongs to the third part");
                assertFalse(page.tourLines().isEmpty(), where);
            }
        }
    }

    @Test
    void eachIndexLinksEveryPageInOrderWithItsSummary() {
        for (String language : ConceptGuide.languages()) {
            ConceptGuide.Page index = ConceptGuide.index(language);
            List<ConceptGuide.Page> pages = ConceptGuide.pages(language);
            assertEquals(pages.stream().map(ConceptGuide.Page::name).toList(),
                    index.links().stream().filter(l -> l.matches("\\d\\d-.*")).toList(), language);
            for (ConceptGuide.Page page : pages) {
                assertTrue(index.text().contains("(" + page.name() + ") | " + page.summary() + " |"),
                        language + " index: the row of " + page.name() + " gives the page's own summary");
            }
        }
    }

    @Test
    void bothLanguagesHaveTheSameLinksCommandsAndNames() {
        for (String language : ConceptGuide.languages()) {
            List<ConceptGuide.Page> pages = ConceptGuide.pages(language);
            for (int i = 0; i < pages.size(); i++) {
                ConceptGuide.Page en = english().get(i);
                ConceptGuide.Page other = pages.get(i);
                String where = language + "/" + other.name();
                // A page links kubernetes.io in its own language where that page exists (/ko/docs/...).
                assertEquals(en.links(), other.links().stream().map(l -> l.replace("https://kubernetes.io/" + language + "/docs/",
                        "https://kubernetes.io/docs/")).toList(), where + ": links");
                assertEquals(en.tourLines(), other.tourLines(), where + ": tour lines");
                assertEquals(commandsWithoutComments(en), commandsWithoutComments(other), where + ": code blocks");
                assertEquals(ticked(en), ticked(other), where + ": the names in backticks");
            }
        }
    }

    /** Each page names where kubernetes.io says what it says: its own language's page where one exists. */
    @Test
    void everyPageLinksAKubernetesIoSource() {
        for (String language : ConceptGuide.languages()) {
            for (ConceptGuide.Page page : ConceptGuide.pages(language)) {
                assertTrue(page.links().stream().anyMatch(l -> l.startsWith("https://kubernetes.io/docs/")
                        || l.startsWith("https://kubernetes.io/" + language + "/docs/")), language + "/" + page.name()
                        + ": no kubernetes.io link");
            }
        }
    }

    /** kubernetes.io/ko's words, not transliterations a learner would not find there. */
    private static final Map<String, String> KOREAN_TERMS = Map.of("레디니스", "준비성", "라이브니스", "활성",
            "스타트업 프로브", "시작 프로브", "영역(zone)", "존(zone)");

    @Test
    void theKoreanPagesUseKubernetesIoKoTerms() {
        List<String> found = new ArrayList<>();
        for (ConceptGuide.Page page : ConceptGuide.pages("ko")) {
            String prose = String.join("\n", page.prose());
            KOREAN_TERMS.forEach((wrong, right) -> {
                if (prose.contains(wrong)) {
                    found.add(page.name() + ": " + wrong + " (kubernetes.io/ko: " + right + ")");
                }
            });
        }
        assertEquals(List.of(), found);
        assertTrue(String.join("\n", ConceptGuide.pages("ko").get(4).prose()).contains("준비성 프로브"), "05: the probes' names");
    }

    /**
     * Each graded exercise (scripts/cluster/exercises, make exercise) practises a page that exists in
     * every language of the guide, has its title and what the learner sees in each, and uses the
     * kubernetes.io/ko terms in Korean.
     */
    @Test
    void eachExercisesPageExistsInEveryLanguage() throws IOException {
        List<Path> exercises;
        try (var files = Files.list(ROOT.resolve("scripts/cluster/exercises"))) {
            exercises = files.filter(f -> f.getFileName().toString().matches("\\d\\d-[a-z0-9-]+\\.sh")).sorted().toList();
        }
        assertTrue(exercises.size() >= 8, "fewer than eight exercises: " + exercises);
        List<String> found = new ArrayList<>();
        for (Path exercise : exercises) {
            String text = Files.readString(exercise);
            Matcher page = Pattern.compile("(?m)^PAGE=(\\S+)$").matcher(text);
            assertTrue(page.find(), exercise + ": no PAGE=");
            for (String language : ConceptGuide.languages()) {
                if (!Files.isRegularFile(ROOT.resolve("docs/concepts/" + language + "/" + page.group(1) + ".md"))) {
                    found.add(exercise.getFileName() + ": no " + language + " page " + page.group(1));
                }
                for (String said : List.of("TITLE_", "SEES_")) {
                    if (!text.contains("\n" + said + language + "=\"")) {
                        found.add(exercise.getFileName() + ": no " + said + language);
                    }
                }
            }
            KOREAN_TERMS.forEach((wrong, right) -> {
                if (text.contains(wrong)) {
                    found.add(exercise.getFileName() + ": " + wrong + " (kubernetes.io/ko: " + right + ")");
                }
            });
        }
        assertEquals(List.of(), found);
    }

    /**
     * Every code block with shell comments dropped, as comments are translated; a diagram (mermaid) is
     * translated whole, so only its place counts.
     */
    private static List<List<String>> commandsWithoutComments(ConceptGuide.Page page) {
        return page.blocks().stream().map(b -> b.info().equals("mermaid") ? List.of("a diagram") : b.lines().stream()
                .map(l -> b.info().startsWith("sh") ? l.replaceFirst("\\s+# .*$", "") : l).toList()).toList();
    }

    private static Set<String> ticked(ConceptGuide.Page page) {
        Set<String> names = new TreeSet<>();
        Matcher ticked = TICKED.matcher(String.join("\n", page.prose()));
        while (ticked.find()) {
            names.add(ticked.group(1).replaceAll("\\s+", " "));
        }
        return names;
    }

    @Test
    void everyLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String language : ConceptGuide.languages()) {
            withIndex(language).forEach(page -> pages.add(page.file()));
        }
        assertEquals(List.of(), MarkdownLinks.broken(ROOT, pages));
    }

    @Test
    void theReadmeLinksEachLanguagesIndex() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String language : ConceptGuide.languages()) {
            assertTrue(readme.contains("](docs/concepts/" + language + "/README.md)"), language);
        }
    }

    @Test
    void everyRepositoryPathNamedExists() {
        for (String language : ConceptGuide.languages()) {
            for (ConceptGuide.Page page : withIndex(language)) {
                Matcher path = REPO_PATH.matcher(page.text());
                while (path.find()) {
                    assertTrue(Files.exists(ROOT.resolve(path.group(1))),
                            language + "/" + page.name() + " names " + path.group(1) + ", which does not exist");
                }
            }
        }
    }

    @Test
    void everyMakeTargetNamedExists() throws IOException {
        Set<String> targets = MakefileRules.read(ROOT.resolve("Makefile")).targets();
        for (String language : ConceptGuide.languages()) {
            for (ConceptGuide.Page page : withIndex(language)) {
                Matcher target = MAKE_TARGET.matcher(page.text());
                while (target.find()) {
                    assertTrue(targets.contains(target.group(1)),
                            language + "/" + page.name() + " names make " + target.group(1) + ", which is no target");
                }
            }
        }
    }

    @Test
    void everyObjectNamedInTheProseIsRenderedOrMadeByTheCluster() {
        for (ConceptGuide.Page page : english()) {
            String prose = String.join("\n", page.prose());
            for (Matcher named : List.of(KIND_THEN_NAME.matcher(prose), NAME_THEN_KIND.matcher(prose))) {
                boolean kindFirst = named.pattern() == KIND_THEN_NAME;
                while (named.find()) {
                    String kind = named.group(kindFirst ? 1 : 2);
                    String name = named.group(kindFirst ? 2 : 1);
                    kind = kind.equals("namespace") ? "Namespace" : kind;
                    assertTrue(CLUSTER_OBJECTS.contains(kind + "/" + name) || rendered(kind, name, null, "kind")
                            || rendered(kind, name, null, "k3s"), page.name() + " names " + kind + " " + name
                            + ", which neither overlay renders");
                }
            }
        }
    }

    @Test
    void everyObjectAndLabelTheCommandsNameInThePlatformsNamespacesIsRendered() {
        Set<String> namespaces = new HashSet<>(RenderedOverlay.of("kind").all(Namespace.class)
                .stream().map(n -> n.getMetadata().getName()).toList());
        for (ConceptGuide.Page page : english()) {
            Set<String> made = new HashSet<>();
            for (ConceptGuide.Block block : page.blocks()) {
                if (!block.info().startsWith("sh")) {
                    continue;
                }
                for (String line : block.lines()) {
                    for (String command : commandsOf(line)) {
                        List<String> words = ShellWords.split(command);
                        if (!words.isEmpty() && words.get(0).equals("kubectl")) {
                            checkKubectl(page.name() + ": " + line, words, namespaces, made, overlaysOf(line));
                        }
                    }
                }
            }
        }
    }

    /** The commands a line runs: those of its $(...) substitutions, then the line with each replaced by a word. */
    private static List<String> commandsOf(String line) {
        List<String> commands = new ArrayList<>(ShellWords.substitutions(line));
        String outer = ConceptGuide.unmarked(line);
        for (String inner : commands) {
            outer = outer.replace("$(" + inner + ")", "x");
        }
        commands.add(outer);
        return commands;
    }

    /** A kubectl command's words that are neither flags nor a flag's value, up to --. */
    private static List<String> kubectlArgs(List<String> words) {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size() && !words.get(i).equals("--"); i++) {
            if (VALUE_FLAGS.contains(words.get(i))) {
                i++;
            } else if (!words.get(i).startsWith("-")) {
                args.add(words.get(i));
            }
        }
        return args;
    }

    private static List<String> overlaysOf(String line) {
        return line.endsWith("# k3s") ? List.of("k3s") : line.endsWith("# kind") ? List.of("kind") : OVERLAYS;
    }

    private static void checkKubectl(String where, List<String> words, Set<String> namespaces, Set<String> made,
            List<String> overlays) {
        String namespace = "default";
        String from = null;
        List<String> args = new ArrayList<>();
        List<String> selectors = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                break;
            }
            if (VALUE_FLAGS.contains(word) && i + 1 < words.size()) {
                String value = words.get(++i);
                if (word.equals("-n") || word.equals("--namespace")) {
                    namespace = value;
                } else if (word.equals("-l") || word.equals("--selector")) {
                    selectors.add(value);
                } else if (word.equals("--name")) {
                    made.add(value);
                }
            } else if (word.startsWith("--from=")) {
                from = word.substring("--from=".length());
            } else if (word.startsWith("--as=system:serviceaccount:")) {
                String[] account = word.split(":");
                assertRendered(where, "ServiceAccount", account[3], account[2], overlays);
            } else if (!word.startsWith("-")) {
                args.add(word);
            }
        }
        if (!namespaces.contains(namespace) || args.isEmpty()) {
            return;
        }
        String verb = args.get(0);
        for (String selector : selectors) {
            assertLabels(where, selector, namespace, overlays);
        }
        List<String> refs = args.subList(1, args.size());
        if (verb.equals("create") || verb.equals("run")) {
            // what it makes is named last; the only existing object it names is the one it copies
            made.add(args.get(args.size() - 1));
            refs = from == null ? List.of() : List.of(from);
        }
        if (verb.equals("rollout") && !refs.isEmpty()) {
            refs = refs.subList(1, refs.size());
        }
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i);
            String type;
            String name;
            if (ref.contains("/")) {
                type = ref.substring(0, ref.indexOf('/'));
                name = ref.substring(ref.indexOf('/') + 1);
            } else if (i == 0 && i + 1 < refs.size() && RESOURCES.containsKey(ref)) {
                type = ref;
                name = refs.get(++i);
            } else {
                continue;
            }
            if (RESOURCES.containsKey(type) && !name.contains("<") && !made.contains(name)) {
                assertRendered(where, RESOURCES.get(type), name, namespace, overlays);
            }
        }
    }

    private static void assertRendered(String where, String kind, String name, String namespace, List<String> overlays) {
        for (String overlay : overlays) {
            assertTrue(rendered(kind, name, namespace, overlay),
                    where + " names " + kind + " " + namespace + "/" + name + ", which the " + overlay + " overlay does not render");
        }
    }

    private static boolean rendered(String kind, String name, String namespace, String overlay) {
        return RenderedOverlay.of(overlay).objects.stream().anyMatch(o -> o.getKind().equals(kind)
                && o.getMetadata().getName().equals(name)
                && (namespace == null || namespace.equals(o.getMetadata().getNamespace())));
    }

    /** Each key=value (or key in (a,b)) of a selector is a label of some rendered object or pod template there. */
    private static void assertLabels(String where, String selector, String namespace, List<String> overlays) {
        List<String[]> pairs = new ArrayList<>();
        Matcher in = SELECTOR_IN.matcher(selector);
        if (in.matches()) {
            for (String value : in.group(2).split(",")) {
                pairs.add(new String[] {in.group(1), value.trim()});
            }
        } else {
            for (String term : selector.split(",")) {
                assertTrue(term.contains("="), where + ": selector term " + term + " is not key=value");
                pairs.add(term.split("=", 2));
            }
        }
        for (String overlay : overlays) {
            RenderedOverlay rendered = RenderedOverlay.of(overlay);
            for (String[] pair : pairs) {
                if (pair[0].equals("kubernetes.io/service-name")) {
                    assertRendered(where, "Service", pair[1], namespace, List.of(overlay));
                    continue;
                }
                boolean labelled = rendered.objects.stream()
                        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
                        .anyMatch(o -> pair[1].equals(labels(o).get(pair[0])))
                        || rendered.podTemplates().entrySet().stream()
                                .filter(t -> namespaceOf(rendered, t.getKey()).equals(namespace))
                                .map(Map.Entry::getValue).map(PodTemplateSpec::getMetadata)
                                .anyMatch(m -> m != null && m.getLabels() != null && pair[1].equals(m.getLabels().get(pair[0])));
                assertTrue(labelled, where + ": nothing in " + overlay + "'s " + namespace + " has the label " + pair[0] + "=" + pair[1]);
            }
        }
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    private static String namespaceOf(RenderedOverlay rendered, String kindSlashName) {
        String[] key = kindSlashName.split("/", 2);
        return rendered.objects.stream().filter(o -> o.getKind().equals(key[0]) && o.getMetadata().getName().equals(key[1]))
                .map(o -> o.getMetadata().getNamespace()).findFirst().orElse("");
    }

    @Test
    void theTourOnlyReadsAndEachLineIsBounded() {
        for (ConceptGuide.Page page : english()) {
            for (String line : page.tourLines()) {
                String where = page.name() + ": " + line;
                List<String> commands = commandsOf(line);
                String outer = commands.get(commands.size() - 1);
                assertFalse(outer.replaceAll("'[^']*'|\"[^\"]*\"", "").matches(".*[|;&<>`].*"),
                        where + ": one simple command per line (no pipes, lists or redirections)");
                for (String command : commands) {
                    assertReadOnly(where, ShellWords.split(command));
                }
            }
        }
    }

    private static void assertReadOnly(String where, List<String> words) {
        String program = words.get(0);
        switch (program) {
            case "kubectl" -> {
                assertTrue(words.stream().anyMatch(w -> w.startsWith("--request-timeout=") || w.startsWith("--timeout=")),
                        where + ": bounded by --request-timeout (or --timeout)");
                assertFalse(words.contains("-w") || words.contains("--watch") || words.contains("-f"), where + ": never follows");
                List<String> kubectl = kubectlArgs(words);
                String verb = kubectl.isEmpty() ? "" : kubectl.get(0);
                switch (verb) {
                    case "get", "describe", "logs" -> {
                    }
                    case "auth" -> assertEquals("can-i", kubectl.get(1), where);
                    case "rollout" -> assertTrue(List.of("status", "history").contains(kubectl.get(1)), where);
                    case "apply" -> assertTrue(words.contains("--dry-run=server"), where + ": apply only as a server dry run");
                    case "exec" -> assertTrue(List.of("uname", "cat", "ls").contains(words.get(words.indexOf("--") + 1)),
                            where + ": exec only runs a command that reads");
                    default -> throw new AssertionError(where + ": kubectl " + verb + " is not a read");
                }
            }
            case "docker" -> {
                List<String> args = words.stream().filter(w -> !w.startsWith("-")).toList();
                String sub = args.get(1);
                switch (sub) {
                    case "ps" -> {
                    }
                    case "image" -> assertEquals("ls", args.get(2), where);
                    case "exec" -> {
                        String inner = args.get(3);
                        assertTrue(inner.equals("uname") || inner.equals("ls")
                                || inner.equals("crictl") && List.of("images", "ps", "pods").contains(args.get(4))
                                || inner.equals("systemctl") && args.get(4).equals("status")
                                || List.of("kubeadm", "kubelet", "containerd").contains(inner)
                                        && (words.contains("--version") || args.size() > 4 && args.get(4).equals("version")),
                                where + ": docker exec only runs a command that reads");
                    }
                    default -> throw new AssertionError(where + ": docker " + sub + " is not a read");
                }
            }
            case "curl" -> {
                assertTrue(words.contains("--max-time"), where + ": bounded by --max-time");
                assertFalse(words.contains("-X") || words.stream().anyMatch(w -> w.startsWith("-d") || w.startsWith("--data")),
                        where + ": GET only");
            }
            case "uname" -> {
            }
            case "k3s" -> assertEquals(List.of("k3s", "--version"), words, where);
            default -> throw new AssertionError(where + ": " + program + " is not a tool the tour runs");
        }
    }
}
