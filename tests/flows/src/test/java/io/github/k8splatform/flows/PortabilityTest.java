package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scripts the cluster targets run on a user's machine (make up, down, doctor, the drills, tour,
 * build, smoke) must run on macOS as well as Linux: on bash 3.2, macOS's /bin/bash, and with the
 * options BSD and GNU utilities share. No bash 3.2 can be had here, so the bash 4 features are
 * rejected by name; the simulated macOS run (UpFlowTest, on busybox's sed, grep, awk and date) covers
 * the utilities that differ. Unproven: bash 3.2 itself and BSD's own utilities.
 */
class PortabilityTest {

    private static final Path ROOT = RenderedOverlay.repositoryRoot();
    /** What people type with a cluster; offline-images, bench-*, run and test stay Linux-only. */
    private static final List<String> USER_TARGETS = List.of("build", "up", "preflight", "down", "doctor", "deploy",
            "smoke", "drill", "drill-bad", "drill-rollback", "drill-drain", "tour", "exercise", "check", "exercise-reset");
    /**
     * Reached by the user targets but run only on Linux: the base images are made with mmdebstrap, which
     * Debian-family Linux alone has, and base-images.sh says so first elsewhere (checked below).
     */
    private static final Set<String> LINUX_ONLY = Set.of("images/base-images.sh", "images/jre/link-runtime.sh");
    private static final Pattern SCRIPT = Pattern.compile("(?:scripts|images)/[A-Za-z0-9_/-]+\\.sh");
    /** A folder a script sources its parts from (the exercises): every script in it is reached too. */
    private static final Pattern FOLDER = Pattern.compile("(?:scripts|images)/[A-Za-z0-9_/-]*[A-Za-z0-9_-](?![A-Za-z0-9_/.-])");
    /** Filled from the repository, and the script that fills each stops when it would be empty. */
    private static final Set<String> NEVER_EMPTY = Set.of("IMAGE_SERVICES", "HTTP_SERVICES", "PLATFORM_NAMESPACES");

    private static final Map<Pattern, String> BASH4 = new LinkedHashMap<>();
    private static final Map<Pattern, String> NOT_PORTABLE = new LinkedHashMap<>();

    static {
        bash4("\\bmapfile\\b|\\breadarray\\b", "mapfile/readarray (bash 4.0)");
        bash4("\\b(declare|local|typeset) -[a-zA-Z]*A", "associative arrays (bash 4.0)");
        bash4("\\$\\{[A-Za-z_]\\w*(\\[[^]]*\\])?(,,?|\\^\\^?)", "case modification ${v,,} ${v^^} (bash 4.0)");
        bash4("\\$\\{[^}]*@[QEPAaULuK]\\}", "${v@Q} transformations (bash 4.4)");
        bash4("\\$\\{[A-Za-z_]\\w*\\[-|unset ['\"]?[A-Za-z_]\\w*\\[-", "negative array subscripts (bash 4.3)");
        bash4("shopt -s \\w+(?! 2>/dev/null \\|\\| true)$", "shopt options of bash 4 (guard with 2>/dev/null || true)");
        bash4("\\|&|&>>", "|& and &>> (bash 4.0)");
        bash4(";;&|(?<![;&]);&(?!&)", "case fall-through ;& ;;& (bash 4.0)");
        bash4("\\bcoproc\\b", "coproc (bash 4.0)");
        bash4("\\bwait -n\\b", "wait -n (bash 4.3)");
        bash4("(\\[\\[|\\[|\\btest) -v ", "-v tests of a variable (bash 4.2)");
        bash4("\\b(local|declare|typeset) -[a-zA-Z]*[ng]", "namerefs and declare -g (bash 4.2/4.3)");
        bash4("\\{[A-Za-z_]\\w*\\}[<>]", "{fd} redirections (bash 4.1)");
        bash4("\\b(EPOCHSECONDS|EPOCHREALTIME|SRANDOM|BASH_ARGV0|BASHPID)\\b", "bash 4/5 variables");
        bash4("printf [^\\n]*%\\([^)]*\\)T", "printf %(...)T (bash 4.2)");
        bash4("\\$\\{[A-Za-z_]\\w*:[0-9]+:-[0-9]", "negative substring lengths (bash 4.2)");
        notPortable("\\bsed -[a-zA-Z]*[ir]", "sed -i and sed -r differ between GNU and BSD sed (use sed -E, write a new file)");
        notPortable("\\breadlink -f|\\brealpath\\b", "readlink -f / realpath (missing from older macOS)");
        notPortable("\\bdate [^|;]*%N|\\bdate -d\\b", "GNU date (+%N, -d)");
        notPortable("\\bstat -c\\b", "GNU stat -c");
        notPortable("\\bgrep -[a-zA-Z]*P", "grep -P");
        notPortable("\\bxargs -[a-zA-Z]*r\\b", "xargs -r");
        notPortable("\\bhead -n -|\\bhead --", "head -n -N");
        notPortable("\\bbase64 -w", "base64 -w");
        notPortable("\\bsort -[a-zA-Z]*V", "sort -V");
        notPortable("(^|[;&|(]|\\bthen|\\bdo)\\s*(mktemp|cp|mv|ln|rm|chmod|tar) [^;|&]*--(?!strip-components)\\w", "GNU long options");
        notPortable("\\bdu -[a-zA-Z]*b", "du -b");
        notPortable("(?<![-\\w])(nproc|tac|shuf|md5sum|numfmt|stdbuf|setsid|flock|getent|free)\\b(?!-)", "GNU/Linux-only programs");
        notPortable("(?<![-\\w])ss -", "ss (Linux only; lsof works on both)");
        notPortable("/proc/", "/proc (Linux only)");
        notPortable("(?<![-\\w])ip (addr|route|link)", "ip (Linux only)");
        notPortable("find [^|;]*-printf", "find -printf");
    }

    private static void bash4(String regex, String name) {
        BASH4.put(Pattern.compile(regex), name);
    }

    private static void notPortable(String regex, String name) {
        NOT_PORTABLE.put(Pattern.compile(regex), name);
    }

    /** The scripts the user targets run, and those these source or call, found from the Makefile. */
    static Set<String> portableScripts() throws IOException {
        MakefileRules makefile = MakefileRules.read(ROOT.resolve("Makefile"));
        StringBuilder expanded = new StringBuilder();
        for (String target : makefile.withPrerequisites(USER_TARGETS)) {
            expanded.append(makefile.recipe(target));
        }
        Set<String> scripts = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(found(expanded.toString()));
        while (!queue.isEmpty()) {
            String script = queue.remove(0);
            if (!LINUX_ONLY.contains(script) && scripts.add(script)) {
                queue.addAll(found(String.join("\n", code(script))));
            }
        }
        return scripts;
    }

    private static List<String> found(String text) throws IOException {
        List<String> scripts = new ArrayList<>();
        Matcher script = SCRIPT.matcher(text);
        while (script.find()) {
            if (Files.isRegularFile(ROOT.resolve(script.group()))) {
                scripts.add(script.group());
            }
        }
        Matcher folder = FOLDER.matcher(text);
        while (folder.find()) {
            if (Files.isDirectory(ROOT.resolve(folder.group()))) {
                try (var parts = Files.list(ROOT.resolve(folder.group()))) {
                    parts.map(p -> ROOT.relativize(p).toString()).filter(p -> p.endsWith(".sh")).sorted().forEach(scripts::add);
                }
            }
        }
        return scripts;
    }

    /** The script's lines with comment lines blanked, numbered from 1. */
    private static List<String> code(String script) throws IOException {
        return Files.readAllLines(ROOT.resolve(script)).stream().map(l -> l.trim().startsWith("#") ? "" : l).toList();
    }

    @Test
    void theUserTargetsReachTheClusterScriptsAndTheImageBuild() throws IOException {
        Set<String> scripts = portableScripts();
        for (String expected : List.of("scripts/mvn-strict.sh", "scripts/cluster/up.sh", "scripts/cluster/cluster-lib.sh",
                "scripts/lib.sh", "scripts/cluster/versions.sh", "scripts/cluster/doctor.sh", "scripts/cluster/down.sh",
                "scripts/cluster/drill.sh", "scripts/cluster/tour.sh", "scripts/cluster/exercise.sh",
                "scripts/cluster/exercises/01-restricted-pod-security.sh", "images/build-images.sh")) {
            assertTrue(scripts.contains(expected), expected + " is not among " + scripts);
        }
    }

    @Test
    void theLinuxOnlyScriptsSayFirstThatTheyNeedLinux() throws IOException {
        List<String> lines = code("images/base-images.sh");
        int says = lines.indexOf(lines.stream().filter(l -> l.contains("[ \"$(uname -s)\" = Linux ]")).findFirst()
                .orElseThrow(() -> new AssertionError("images/base-images.sh does not check for Linux")));
        int mmdebstrap = lines.indexOf(lines.stream().filter(l -> l.contains("command -v mmdebstrap")).findFirst().orElseThrow());
        assertTrue(says < mmdebstrap, "the Linux check comes before anything Linux-only");
    }

    /** What one line of a portable script does wrong, each as a short name; nothing when it is fine. */
    private interface LineCheck {
        List<String> problems(String script, String line);
    }

    /** Every problem of every code line of the portable scripts, as script:line: problem: the line. */
    private static List<String> findings(LineCheck check) throws IOException {
        List<String> findings = new ArrayList<>();
        for (String script : portableScripts()) {
            List<String> lines = code(script);
            for (int i = 0; i < lines.size(); i++) {
                for (String problem : check.problems(script, lines.get(i))) {
                    findings.add(script + ":" + (i + 1) + ": " + problem + ": " + lines.get(i).trim());
                }
            }
        }
        return findings;
    }

    private static List<String> matching(Map<Pattern, String> rules, String line) {
        return rules.entrySet().stream().filter(rule -> rule.getKey().matcher(line).find()).map(Map.Entry::getValue).toList();
    }

    @Test
    void noPortableScriptUsesAFeatureBash32Lacks() throws IOException {
        assertEquals(List.of(), findings((script, line) -> matching(BASH4, line)));
    }

    /** Bash before 4.4 calls "${a[@]}" of an empty array an unbound variable under set -u. */
    @Test
    void everyArrayThatMayBeEmptyIsExpandedGuarded() throws IOException {
        Pattern guarded = Pattern.compile("\\$\\{([A-Za-z_]\\w*)\\[[@*]\\]\\+\"\\$\\{\\1\\[[@*]\\][^}]*\\}\"\\}");
        Pattern expansion = Pattern.compile("\\$\\{([A-Za-z_]\\w*)\\[[@*]\\]");
        assertEquals(List.of(), findings((script, line) -> expansion.matcher(guarded.matcher(line).replaceAll("")).results()
                .map(m -> m.group(1)).filter(name -> !NEVER_EMPTY.contains(name)).map(name -> "${" + name + "[@]} unguarded").toList()),
                "write ${a[@]+\"${a[@]}\"} for an array that may be empty");
    }

    @Test
    void noPortableScriptUsesAnOptionOnlyGnuOrLinuxHas() throws IOException {
        // Quoted text without a command substitution is a message, not a command.
        Pattern message = Pattern.compile("'[^']*'|\"(?:[^\"\\\\$]|\\\\.|\\$(?!\\())*\"");
        assertEquals(List.of(), findings((script, line) -> matching(NOT_PORTABLE, message.matcher(line).replaceAll("''"))));
    }

    @Test
    void gnuOnlyToolsAreCalledOnlyWhereTheirFallbackIs() throws IOException {
        Pattern gnu = Pattern.compile("(?<![-\\w./])(sha256sum|timeout)\\s+[^-\\s]");
        assertEquals(List.of(), findings((script, line) -> !script.equals("scripts/lib.sh") && gnu.matcher(line).find()
                ? List.of("use sha256_of or bounded from scripts/lib.sh") : List.of()));
    }
}
