package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make help lists every target of the Makefile and the files it includes, one line each. */
class HelpTest {

    private static final Pattern TARGET = Pattern.compile("^([a-zA-Z0-9_-]+):(?!=)");
    private static final Pattern INCLUDE = Pattern.compile("^include (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void everyTargetHasOneLine() throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        List<String> targets = new ArrayList<>();
        List<Path> makefiles = new ArrayList<>(List.of(sandbox.root.resolve("Makefile")));
        for (int i = 0; i < makefiles.size(); i++) {
            for (String line : Files.readAllLines(makefiles.get(i))) {
                Matcher target = TARGET.matcher(line);
                Matcher include = INCLUDE.matcher(line);
                if (target.find()) {
                    targets.add(target.group(1));
                } else if (include.find()) {
                    makefiles.add(sandbox.root.resolve(include.group(1)));
                }
            }
        }
        Sandbox.Run run = sandbox.make(Map.of(), "help");

        assertEquals(0, run.exit(), run.output());
        List<String> listed = run.output().lines().map(l -> l.trim().split(" ")[0]).sorted().toList();
        assertEquals(targets.stream().sorted().toList(), listed, run.output());
    }
}
