package io.github.k8splatform.flows;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-line shell command split as bash splits it, for the simple commands of the concept guide:
 * single and double quotes, backslash escapes, a comment from an unquoted #, and $(...) command
 * substitutions found before splitting. Nothing is expanded.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** The words of a command without substitutions. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The commands inside each $(...) of the line, in order (not nested). */
    static List<String> substitutions(String line) {
        List<String> commands = new ArrayList<>();
        int start = line.indexOf("$(");
        while (start >= 0) {
            int depth = 1;
            char quote = 0;
            int i = start + 2;
            for (; i < line.length() && depth > 0; i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            }
            if (depth > 0) {
                throw new IllegalArgumentException("unclosed $( in: " + line);
            }
            commands.add(line.substring(start + 2, i - 1));
            start = line.indexOf("$(", i);
        }
        return commands;
    }
}
