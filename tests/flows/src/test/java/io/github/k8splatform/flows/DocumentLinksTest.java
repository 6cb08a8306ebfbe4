package io.github.k8splatform.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README is a front door of at most 200 lines whose links stay inside the repository, and every
 * link of the README, the pages under docs/ and each service's README resolves: to a file or folder
 * that exists and, with a #fragment, to a heading of that page (as GitHub makes its anchors). The
 * concept guide's own links are ConceptGuideTest's.
 */
class DocumentLinksTest {

    private static final Path ROOT = RenderedOverlay.repositoryRoot();
    private static final int README_MAX_LINES = 200;

    @Test
    void theReadmeIsAFrontDoorOfAtMost200Lines() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(lines.size() <= README_MAX_LINES, "README.md has " + lines.size() + " lines");
        List<String> outside = MarkdownLinks.in(lines).stream().filter(MarkdownLinks::external).toList();
        assertEquals(List.of(), outside, "README.md links outside the repository");
    }

    @Test
    void everyLinkResolves() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() > 10, "pages: " + pages);
        assertEquals(List.of(), MarkdownLinks.broken(ROOT, pages));
    }

    /** The check above can fail: a page linking a file and a heading that do not exist. */
    @Test
    void aMissingFileAndAMissingHeadingAreFound(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.md"),
                "# One\n\n## Two parts\n\n[a](page.md#two-parts) [b](gone.md) [c](#three) [d](https://kubernetes.io/)\n");
        assertEquals(List.of("page.md: gone.md: no such file", "page.md: #three: no heading three in [one, two-parts]"),
                MarkdownLinks.broken(dir, List.of(page)));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs")); Stream<Path> services = Files.list(ROOT.resolve("services"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            services.map(s -> s.resolve("README.md")).filter(Files::exists).sorted().forEach(pages::add);
        }
        return pages;
    }
}
