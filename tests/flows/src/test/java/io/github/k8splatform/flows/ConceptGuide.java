package io.github.k8splatform.flows;

import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The concept guide, docs/concepts/&lt;language&gt;/: an index README and numbered pages, read here
 * the way make tour reads them (scripts/cluster/tour.sh), so the tests can say what the tour must run.
 */
final class ConceptGuide {

    static final Path DIR = RenderedOverlay.repositoryRoot().resolve("docs/concepts");
    private static final Pattern PAGE_NAME = Pattern.compile("\\d\\d-[a-z0-9-]+\\.md");
    /** The mark at the end of a tour line that only one cluster runs. */
    private static final Pattern CLUSTER_MARK = Pattern.compile("\\s+# (kind|k3s)$");

    private ConceptGuide() {
    }

    /** A fenced block: its info string (after the backticks) and its lines. */
    record Block(String info, List<String> lines) {
    }

    /** One page: its file, its lines, the prose outside fences and the fenced blocks. */
    record Page(Path file, List<String> lines, List<String> prose, List<Block> blocks) {

        String name() {
            return file.getFileName().toString();
        }

        int number() {
            return Integer.parseInt(name().substring(0, 2));
        }

        String title() {
            return lines.get(0);
        }

        /** The first quoted line: the one-line summary. */
        String summary() {
            return lines.stream().filter(l -> l.startsWith("> ")).findFirst().map(l -> l.substring(2)).orElse("");
        }

        List<String> headings() {
            return prose.stream().filter(l -> l.startsWith("## ")).toList();
        }

        /** Every link target outside fenced blocks, in order. */
        List<String> links() {
            return MarkdownLinks.in(lines);
        }

        /** The lines of the ```sh tour blocks, marks included. */
        List<String> tourLines() {
            return blocks.stream().filter(b -> b.info().equals("sh tour")).flatMap(b -> b.lines().stream()).toList();
        }

        /** The tour's lines on this cluster, as written (a line marked for the other cluster left out). */
        List<String> tourLines(String cluster) {
            return tourLines().stream().filter(l -> {
                Matcher mark = CLUSTER_MARK.matcher(l);
                return !mark.find() || mark.group(1).equals(cluster);
            }).toList();
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    /** A tour line without its cluster mark. */
    static String unmarked(String line) {
        return CLUSTER_MARK.matcher(line).replaceFirst("");
    }

    static List<String> languages() {
        try (Stream<Path> dirs = Files.list(DIR)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The numbered pages of a language, in order. */
    static List<Page> pages(String language) {
        try (Stream<Path> files = Files.list(DIR.resolve(language))) {
            return files.filter(f -> PAGE_NAME.matcher(f.getFileName().toString()).matches()).sorted()
                    .map(ConceptGuide::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Page index(String language) {
        return read(DIR.resolve(language).resolve("README.md"));
    }

    static Page read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> prose = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        List<String> block = null;
        String info = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new ArrayList<>();
                    info = line.substring(3);
                } else {
                    blocks.add(new Block(info, List.copyOf(block)));
                    block = null;
                }
            } else if (block != null) {
                block.add(line);
            } else {
                prose.add(line);
            }
        }
        if (block != null) {
            throw new IllegalStateException(file + ": a fenced block is never closed");
        }
        return new Page(file, lines, prose, blocks);
    }
}
