import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM spent its CPU, from a Flight Recorder file: the share of execution samples by the
 * library and the method running at the top of the stack, and by the nearest frame of the project's
 * own code (the code that led there). make bench-http PROFILE=1 prints it for the fresh overview.
 * Samples taken before SINCE (epoch milliseconds: the measured runs' start) are left out, so the
 * JVM's start-up does not count.
 * Run with: java -cp CLASSES ProfileSummary RECORDING SINCE PROJECT_PACKAGE
 */
public class ProfileSummary {

    private static final int SHOWN = 8;

    public static void main(String[] args) throws Exception {
        Instant since = Instant.ofEpochMilli(Long.parseLong(args[1]));
        String mine = args[2] + ".";
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> callers = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(since) || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                libraries.merge(library(frames.get(0).getMethod().getType().getName(), args[2]), 1, Integer::sum);
                methods.merge(name(frames.get(0)), 1, Integer::sum);
                String caller = frames.stream().map(ProfileSummary::name).filter(n -> n.startsWith(mine))
                        .findFirst().orElse("(no frame of " + args[2] + ")");
                callers.merge(caller, 1, Integer::sum);
            }
        }
        System.out.println("profile: " + samples + " execution samples since the measured runs began (" + args[0] + ")");
        print("running library", libraries, samples);
        print("running method", methods, samples);
        print("nearest frame of " + args[2], callers, samples);
    }

    /** The project's own packages as one, any other by its first two parts: io.netty, java.util. */
    private static String library(String type, String project) {
        if (type.startsWith(project + ".")) {
            return project;
        }
        String[] parts = type.split("\\.");
        return parts.length < 3 ? type : parts[0] + "." + parts[1];
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println("  by " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(SHOWN)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(samples, 1), e.getKey()));
    }
}
