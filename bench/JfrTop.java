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
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> deepestApp = new HashMap<>();
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
                components.merge(component(name(frames.get(0).getMethod())), 1, Integer::sum);
            }
            String app = "(no dk.rehab frame)";
            for (RecordedFrame f : frames) { // frames[0] is the top of the stack: the first app frame is the deepest
                String m = name(f.getMethod());
                if (m.startsWith("dk.rehab.") && !m.contains("$$")) {
                    app = m + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
                    break;
                }
            }
            deepestApp.merge(app, 1, Integer::sum);
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
        print("self time by component (package of the top frame)", components, n, top);
        print("deepest dk.rehab frame (line) of each sample: the app code that caused the work", deepestApp, n, top);
        print("self (top of stack)", self, n, top);
        print("inclusive (anywhere on the stack)", inclusive, n, top);
        for (String match : matches) {
            print("inclusive, frames matching '" + match + "'", matched.getOrDefault(match, Map.of()), n, top);
        }
    }

    static final String[][] COMPONENTS = {
            {"org.h2.", "H2 database"}, {"org.postgresql.", "PostgreSQL JDBC driver"}, {"com.zaxxer.hikari", "Hikari pool"},
            {"ca.uhn.fhir.parser", "HAPI parser/encoder"}, {"ca.uhn.fhir.util.FhirTerser", "HAPI terser"},
            {"ca.uhn.fhir.context", "HAPI model/context"}, {"ca.uhn.fhir.rest", "HAPI REST server"}, {"ca.uhn.", "HAPI other"},
            {"org.hl7.fhir.", "HAPI structures (model classes)"}, {"com.fasterxml.jackson", "Jackson"},
            {"org.springframework.jdbc", "Spring JDBC"}, {"org.springframework.transaction", "Spring transactions"},
            {"org.springframework.", "Spring other"}, {"io.micrometer", "Micrometer/observation"},
            {"org.apache.catalina", "Tomcat"}, {"org.apache.coyote", "Tomcat"}, {"org.apache.tomcat", "Tomcat"},
            {"dk.rehab.", "adapter code"}, {"java.util.regex", "JDK regex"}, {"java.lang.String", "JDK strings"},
            {"java.util.", "JDK collections/util"}, {"java.", "JDK other"}, {"jdk.", "JDK other"}, {"sun.", "JDK other"}};

    static String component(String method) {
        for (String[] c : COMPONENTS) {
            if (method.startsWith(c[0])) {
                return c[1];
            }
        }
        return "other: " + method.substring(0, Math.max(0, method.lastIndexOf('.')));
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
