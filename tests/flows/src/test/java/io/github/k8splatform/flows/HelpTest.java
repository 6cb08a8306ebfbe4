package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make help lists every target of the Makefile and the files it includes, one line each. */
class HelpTest {

    @TempDir
    Path dir;

    @Test
    void everyTargetHasOneLine() throws Exception {
        Sandbox sandbox = new Sandbox(dir);
        Set<String> targets = MakefileRules.read(sandbox.root.resolve("Makefile")).targets();
        Sandbox.Run run = sandbox.make(Map.of(), "help");

        assertEquals(0, run.exit(), run.output());
        List<String> listed = run.output().lines().map(l -> l.trim().split(" ")[0]).sorted().toList();
        assertEquals(targets.stream().sorted().toList(), listed, run.output());
    }
}
