package io.github.k8splatform.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The links of Markdown pages, and which of them lead nowhere: for the README, docs/ and the guide. */
final class MarkdownLinks {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    private MarkdownLinks() {
    }

    /** Link targets outside fenced code blocks, in order. */
    static List<String> in(List<String> lines) {
        List<String> links = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    links.add(link.group(1));
                }
            }
        }
        return links;
    }

    /** GitHub's anchors: lower case, punctuation but hyphens gone, spaces as hyphens. */
    static List<String> anchors(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(Files.readString(page));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    /** Each link of the pages that leads nowhere in root (a file, or a heading of a page), with why. */
    static List<String> broken(Path root, List<Path> pages) throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            for (String link : in(Files.readAllLines(page))) {
                if (external(link)) {
                    continue;
                }
                String where = root.relativize(page) + ": " + link;
                String[] pathAndFragment = link.split("#", 2);
                Path target = pathAndFragment[0].isEmpty() ? page : page.getParent().resolve(pathAndFragment[0]).normalize();
                if (!target.startsWith(root) || !Files.exists(target)) {
                    broken.add(where + ": no such file");
                } else if (pathAndFragment.length == 2 && target.toString().endsWith(".md")) {
                    List<String> anchors = anchors(target);
                    if (!anchors.contains(pathAndFragment[1])) {
                        broken.add(where + ": no heading " + pathAndFragment[1] + " in " + anchors);
                    }
                }
            }
        }
        return broken;
    }

    /** A link with a scheme (https:, mailto:) leaves the repository. */
    static boolean external(String link) {
        return link.matches("[a-z]+:.*");
    }
}
