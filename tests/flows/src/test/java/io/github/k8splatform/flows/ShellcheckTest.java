package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script in the repository passes shellcheck (Debian package shellcheck). */
class ShellcheckTest {

    private static final List<String> SKIPPED_DIRS = List.of(".git", "target", "bin", "node_modules", ".mvn");

    @Test
    void everyShellScriptPasses() throws Exception {
        Path root = RenderedOverlay.repositoryRoot();
        List<String> scripts = shellScripts(root);
        assertTrue(scripts.size() >= 15, "expected the repository's shell scripts, found " + scripts);
        assertTrue(scripts.contains("scripts/cluster/up.sh") && scripts.contains(".ci/run"), scripts.toString());

        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--format=gcc"));
        command.addAll(scripts);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("shellcheck is missing: apt-get install shellcheck", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "shellcheck did not finish within 120 s");
        assertEquals(0, process.exitValue(), "shellcheck findings:\n" + output);
    }

    /** Files ending in .sh, and files whose first line is a shell shebang. */
    private static List<String> shellScripts(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> SKIPPED_DIRS.stream().noneMatch(d -> root.relativize(f).toString().startsWith(d + "/")
                            || root.relativize(f).toString().contains("/" + d + "/")))
                    .filter(ShellcheckTest::isShell)
                    .map(f -> root.relativize(f).toString()).sorted().toList();
        }
    }

    private static boolean isShell(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try (var in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            return head.startsWith("#!/usr/bin/env bash") || head.startsWith("#!/bin/bash") || head.startsWith("#!/bin/sh")
                    || head.startsWith("#!/usr/bin/env sh");
        } catch (IOException e) {
            return false;
        }
    }
}
