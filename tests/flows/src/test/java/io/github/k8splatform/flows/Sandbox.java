package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.manifests.RenderedOverlay;
import io.github.k8splatform.manifests.ServiceModules;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A copy of the repository's Makefile, scripts, images and manifests in a temporary directory, with
 * empty jars where the build output would be, and recording stand-ins on PATH for the tools that
 * would touch a cluster or a container engine (and as ./mvnw, for the build). {@link #make} runs a
 * target there and returns what it printed and every command the stand-ins received, with the
 * sandbox's path shown as $ROOT (and a /dev/fd/&lt;n&gt; option value, or a key's in it, as /dev/fd/N). A call that no {@link #answer} matches fails the test. make reads
 * nothing from its input unless a test gives it some ({@link #input}). Every call to kind, kubectl,
 * helm or docker must pass the real tool's parser where this machine has it ({@link ToolParsers}).
 */
final class Sandbox {

    static final List<String> STAND_INS = List.of("kind", "kubectl", "helm", "k3s", "docker", "podman", "java", "curl");
    /** What the scripts need from the system when a test takes every real tool off PATH. */
    private static final List<String> BASICS = List.of("bash", "env", "sed", "grep", "awk", "id", "cat", "tr",
            "uname", "date", "mktemp", "dirname", "basename", "head", "tail", "sort", "seq", "sleep", "rm", "mkdir",
            "touch", "tee", "chmod", "mv", "cp", "tar", "gzip");

    /** Of the BASICS, the ones whose GNU options a Mac's BSD versions lack. */
    private static final List<String> BSD_DIFFERS = List.of("sed", "grep", "awk", "date");

    /** commands: each call {@link #shown} as one string. */
    record Run(int exit, String output, List<String> commands) {
    }

    /** Needs quotes when shown: empty, or white space, a quote or a backslash inside. */
    private static final Pattern QUOTED = Pattern.compile("^$|[\\s'\"\\\\]");

    final Path root;
    /** The stand-in script; a test can offer its bytes as a download of a real tool. */
    final Path standIn;
    private final Path standIns;
    private final Path answers;
    private final Path record;
    private final Map<String, List<String>> answerLines = new LinkedHashMap<>();
    private final Path input;
    private boolean bsdLike;

    Sandbox(Path dir) throws IOException {
        Path repo = RenderedOverlay.repositoryRoot();
        root = dir.resolve("repo");
        for (String part : List.of("Makefile", "pom.xml", "images", "scripts", "k8s", "ingress", "docs")) {
            copy(repo.resolve(part), root.resolve(part));
        }
        // scripts/lib.sh reads the list of services from the reactor and each module's pom.xml.
        for (String service : ServiceModules.all()) {
            copy(repo.resolve("services/" + service + "/pom.xml"), root.resolve("services/" + service + "/pom.xml"));
            touch(root.resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar"));
        }
        touch(root.resolve("tools/e2e/target/quarkus-app/quarkus-run.jar"));
        // A machine that fetched the Gateway API CRDs once (the kubectl stand-in never reads them).
        Files.createDirectories(root.resolve(Expected.GATEWAY_API_CRDS.replace("$ROOT/", "")));
        standIns = Files.createDirectories(dir.resolve("stand-ins"));
        answers = Files.createDirectories(dir.resolve("answers"));
        record = dir.resolve("record");
        standIn = dir.resolve("stand-in");
        input = dir.resolve("input");
        Files.createFile(input);
        try (InputStream in = Sandbox.class.getResourceAsStream("/stand-in")) {
            Files.copy(in, standIn);
        }
        assertTrue(standIn.toFile().setExecutable(true));
        for (String name : STAND_INS) {
            Files.createSymbolicLink(standIns.resolve(name), standIn);
        }
        Files.createSymbolicLink(root.resolve("mvnw"), standIn);
        // The host has a JDK 17, as the build machine does; a test takes java away to see the other way.
        answer("java", "java -version", "openjdk version \"17.0.16\" 2025-07-15\\n");
    }

    /**
     * A call as the stand-in shows it for the answers' globs: the arguments joined by spaces, one that
     * is empty or holds white space, a quote or a backslash in single quotes.
     */
    static String shown(List<String> call) {
        return String.join(" ", call.stream()
                .map(a -> QUOTED.matcher(a).find() ? "'" + a.replace("'", "'\\''") + "'" : a).toList());
    }

    /**
     * The stand-in for tool answers the first {@code uses} calls matching the glob (as {@link #shown})
     * with this status and output (printf %b escapes, or {@code <FILE} for a file's bytes); of two
     * answers that match, the one added last wins, so a test can override a default.
     */
    Sandbox answer(String tool, String glob, int uses, int status, String output) {
        if ((glob + output).contains("\n")) {
            throw new IllegalArgumentException("an answer is one line: write a newline as \\n in " + glob + " " + output);
        }
        answerLines.computeIfAbsent(tool, t -> new ArrayList<>())
                .add(0, glob + "\t" + status + "\t" + (uses < 0 ? "-" : uses) + "\t" + output);
        return this;
    }

    Sandbox answer(String tool, String glob, int status, String output) {
        return answer(tool, glob, -1, status, output);
    }

    Sandbox answer(String tool, String glob, String output) {
        return answer(tool, glob, 0, output);
    }

    /** Each glob answered with success and no output. */
    Sandbox succeed(String tool, String... globs) {
        for (String glob : globs) {
            answer(tool, glob, "");
        }
        return this;
    }

    /** What make reads from its standard input, as a person would type it. */
    Sandbox input(String typed) throws IOException {
        Files.writeString(input, typed);
        return this;
    }

    /** Adds a recording stand-in for a tool the system has (uname, shasum): it shadows the real one. */
    Sandbox standInFor(String tool) throws IOException {
        Files.createSymbolicLink(standIns.resolve(tool), standIn);
        return this;
    }

    /** Removes a stand-in: that tool is missing. */
    Sandbox without(String tool) throws IOException {
        Files.delete(standIns.resolve(tool));
        return this;
    }

    /** Runs make with these arguments and variables, PATH = stand-ins then the system's. */
    Run make(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(which("make"), "--no-print-directory", "-C", root.toString()));
        command.addAll(Arrays.asList(args));
        return run(env, standIns + File.pathSeparator + System.getenv("PATH"), command);
    }

    /** Runs one of the repository's scripts (a path under its root) directly, as make would. */
    Run script(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        return run(env, standIns + File.pathSeparator + System.getenv("PATH"), command);
    }

    /**
     * The utilities whose BSD (macOS) versions lack GNU's extensions, taken from busybox instead of
     * GNU for {@link #makeWithOnlyBasics}: a script that needs a GNU option fails as on a Mac.
     */
    Sandbox withBsdLikeUtilities() {
        bsdLike = true;
        return this;
    }

    /** Runs make with nothing on PATH but the stand-ins left and basic system utilities. */
    Run makeWithOnlyBasics(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path basics = Files.createDirectories(standIns.getParent().resolve("basics"));
        for (String tool : BASICS) {
            if (!Files.exists(basics.resolve(tool))) {
                // busybox runs the applet its link is named after.
                Path real = Path.of(bsdLike && BSD_DIFFERS.contains(tool) ? which("busybox") : which(tool));
                Files.createSymbolicLink(basics.resolve(tool), real);
            }
        }
        List<String> command = new ArrayList<>(List.of(which("make"), "--no-print-directory", "-C", root.toString()));
        command.addAll(Arrays.asList(args));
        return run(env, standIns + File.pathSeparator + basics, command);
    }

    private Run run(Map<String, String> env, String path, List<String> command) throws IOException, InterruptedException {
        for (Map.Entry<String, List<String>> tool : answerLines.entrySet()) {
            Files.write(answers.resolve(tool.getKey()), tool.getValue());
        }
        Path unanswered = Path.of(record + ".unanswered");
        Files.deleteIfExists(record);
        Files.deleteIfExists(unanswered);
        Files.createFile(record);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("HOME", root.toString());
        builder.environment().put("STAND_IN_DIR", standIns.toString());
        builder.environment().put("STAND_IN_RECORD", record.toString());
        builder.environment().put("STAND_IN_ANSWERS", answers.toString());
        builder.environment().put("TOOLS_BIN", root.resolve("bin").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        String printed = new String(output, StandardCharsets.UTF_8);
        if (Files.exists(unanswered)) {
            throw new AssertionError("calls no answer was scripted for:\n" + Files.readString(unanswered) + printed);
        }
        List<List<String>> calls = Files.readAllLines(record).stream().map(this::call).toList();
        List<String> refused = ToolParsers.refused(calls);
        if (!refused.isEmpty()) {
            throw new AssertionError("the real tools refuse these calls:\n" + String.join("\n", refused) + "\n" + printed);
        }
        return new Run(process.exitValue(), printed, calls.stream().map(Sandbox::shown).toList());
    }

    /** One recorded line: tab-separated arguments, with \\, \\t and \\n escaped. */
    private List<String> call(String line) {
        List<String> call = new ArrayList<>();
        for (String field : line.split("\t", -1)) {
            StringBuilder arg = new StringBuilder();
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 1 < field.length()) {
                    char next = field.charAt(++i);
                    arg.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
                } else {
                    arg.append(c);
                }
            }
            // A process substitution's descriptor number is the shell's choice: shown as N.
            call.add(arg.toString().replace(root.toString(), "$ROOT").replaceAll("^(--[\\w-]+=([.\\w-]+=)?)/dev/fd/\\d+$", "$1/dev/fd/N"));
        }
        return call;
    }

    private static String which(String tool) {
        return onPath(tool).map(Path::toString).orElseThrow(() -> new AssertionError(tool + " is not installed"));
    }

    /** The real tool on this JVM's PATH, which holds no stand-in. */
    static Optional<Path> onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(p -> Path.of(p, tool))
                .filter(Files::isExecutable).findFirst();
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createFile(file);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
