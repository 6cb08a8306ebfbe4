package io.github.k8splatform.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses one line of a container log file in either format a node may write:
 * containerd's CRI format, "&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;message&gt;", where P marks a
 * partial line continued by the next entry; or Docker's json-file format,
 * {"log":"...\n","stream":"stdout","time":"..."}, where a log without its trailing newline is partial.
 * A line that is neither is malformed: the caller counts it and moves on.
 */
public final class LogLineParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLineParser() {
    }

    /**
     * One entry: when, which stream, the text, and whether the next entry continues it. A NUL in the
     * text becomes U+FFFD: the collector refuses a NUL (PostgreSQL cannot store one), and a refused
     * batch would be skipped whole, losing every other line in it.
     */
    public record Entry(Instant timestamp, String stream, String message, boolean partial) {
        public Entry {
            message = message.replace('\0', '\uFFFD');
        }
    }

    public static Optional<Entry> parse(String line) {
        return line.startsWith("{") ? docker(line) : cri(line);
    }

    private static Optional<Entry> cri(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
        if (third < 0 && second > 0 && line.length() == second + 2) {
            third = line.length(); // an empty message: "<time> <stream> F"
        }
        if (third < 0) {
            return Optional.empty();
        }
        String stream = line.substring(first + 1, second);
        String tag = line.substring(second + 1, third);
        if (!isStream(stream) || !(tag.equals("P") || tag.equals("F"))) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(line.substring(0, first));
            String message = third < line.length() ? line.substring(third + 1) : "";
            return Optional.of(new Entry(time, stream, message, tag.equals("P")));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Entry> docker(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            String log = node.path("log").asText(null);
            String stream = node.path("stream").asText(null);
            String time = node.path("time").asText(null);
            if (log == null || time == null || !isStream(stream)) {
                return Optional.empty();
            }
            boolean complete = log.endsWith("\n");
            return Optional.of(new Entry(Instant.parse(time), stream,
                    complete ? log.substring(0, log.length() - 1) : log, !complete));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean isStream(String stream) {
        return "stdout".equals(stream) || "stderr".equals(stream);
    }
}
