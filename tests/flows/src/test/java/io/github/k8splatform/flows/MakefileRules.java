package io.github.k8splatform.flows;

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

/**
 * A Makefile and the files it includes, read as the tests need it: each target with its
 * prerequisites and recipe, and the variables the recipes use.
 */
final class MakefileRules {

    private static final Pattern VARIABLE = Pattern.compile("^([A-Z0-9_]+) *[:?]?= *(.*)$");
    private static final Pattern TARGET = Pattern.compile("^([a-zA-Z0-9_-]+):(?!=)([^#]*)");
    private static final Pattern INCLUDE = Pattern.compile("^include (\\S+)$");

    private record Rule(List<String> prerequisites, StringBuilder recipe) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, String> variables = new LinkedHashMap<>();

    private MakefileRules() {
    }

    /** The Makefile at this path; an include is read relative to its directory. */
    static MakefileRules read(Path makefile) throws IOException {
        MakefileRules read = new MakefileRules();
        List<Path> files = new ArrayList<>(List.of(makefile));
        for (int i = 0; i < files.size(); i++) {
            Rule current = null;
            for (String line : Files.readAllLines(files.get(i))) {
                Matcher variable = VARIABLE.matcher(line);
                Matcher target = TARGET.matcher(line);
                Matcher include = INCLUDE.matcher(line);
                if (variable.matches()) {
                    read.variables.put(variable.group(1), variable.group(2));
                    current = null;
                } else if (target.find()) {
                    current = new Rule(List.of(target.group(2).trim().split("\\s+")), new StringBuilder());
                    read.rules.put(target.group(1), current);
                } else if (include.find()) {
                    files.add(makefile.getParent().resolve(include.group(1)));
                    current = null;
                } else if (current != null && line.startsWith("\t")) {
                    current.recipe().append(line).append('\n');
                }
            }
        }
        return read;
    }

    Set<String> targets() {
        return rules.keySet();
    }

    /** These targets and every target they depend on, directly or not. */
    Set<String> withPrerequisites(List<String> targets) {
        Set<String> all = new LinkedHashSet<>(targets);
        for (List<String> queue = new ArrayList<>(targets); !queue.isEmpty(); ) {
            Rule rule = rules.get(queue.remove(0));
            for (String prerequisite : rule == null ? List.<String>of() : rule.prerequisites()) {
                if (!prerequisite.isEmpty() && all.add(prerequisite)) {
                    queue.add(prerequisite);
                }
            }
        }
        return all;
    }

    /** A target's recipe with the variables put in, as make would (three levels of nesting at most). */
    String recipe(String target) {
        Rule rule = rules.get(target);
        String expanded = rule == null ? "" : rule.recipe().toString();
        for (int i = 0; i < 3; i++) {
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                expanded = expanded.replace("$(" + variable.getKey() + ")", variable.getValue());
            }
        }
        return expanded;
    }
}
