import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes, from a JFR recording (bench/run.sh --jfr): counts the execution samples
 * (jdk.ExecutionSample) of Java threads.
 *
 * <pre>java bench/JfrTop.java FILE.jfr [--from S] [--to S] [--top N] [--match TEXT]...</pre>
 *
 * --from/--to: seconds after the first sample (e.g. the intake phase's measured window). Prints the methods
 * with the most samples on top of the stack (self), the methods most often anywhere on the stack (inclusive),
 * and the same inclusive count for frames whose class name contains a --match text (default dk.rehab,
 * ca.uhn, org.h2, org.postgresql, com.fasterxml, org.springframework.jdbc).
 */
public class JfrTop {
    public static void main(String[] args) throws Exception {
        Path file = null;
        double from = 0;
        double to = Double.MAX_VALUE;
        int top = 25;
        List<String> matches = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = Double.parseDouble(args[++i]);
                case "--to" -> to = Double.parseDouble(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--match" -> matches.add(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            System.out.println("usage: java bench/JfrTop.java FILE.jfr [--from S] [--to S] [--top N] [--match TEXT]...");
            return;
        }
        if (matches.isEmpty()) {
            matches = List.of("dk.rehab", "ca.uhn", "org.h2", "org.postgresql", "com.fasterxml", "org.springframework.jdbc");
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .toList();
        if (events.isEmpty()) {
            System.out.println("no execution samples in " + file);
            return;
        }
        Instant t0 = events.get(0).getStartTime();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Map<String, Integer>> matched = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int n = 0;
        for (RecordedEvent e : events) {
            double at = Duration.between(t0, e.getStartTime()).toNanos() / 1e9;
            if (at < from || at > to || e.getStackTrace() == null) {
                continue;
            }
            n++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "#"), 1, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f.getMethod());
                if (seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                    for (String match : matches) {
                        if (m.contains(match)) {
                            matched.computeIfAbsent(match, k -> new HashMap<>()).merge(m, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        System.out.printf("%d execution samples between %.0f s and %s s%n", n, from, to == Double.MAX_VALUE ? "end" : String.valueOf(to));
        print("threads", threads, n, 10);
        print("self (top of stack)", self, n, top);
        print("inclusive (anywhere on the stack)", inclusive, n, top);
        for (String match : matches) {
            print("inclusive, frames matching '" + match + "'", matched.getOrDefault(match, Map.of()), n, top);
        }
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static void print(String title, Map<String, Integer> counts, int n, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(e -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / n, e.getValue(), e.getKey()));
    }
}
