import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for courses and sessions (issue 4). JDK 17 only, no dependencies:
 *
 * <pre>java bench/CourseLoad.java --base http://127.0.0.1:8080 [--clients 8] [--referrals 1250] [--sessions 12]
 *      [--measure 30] [--worklist-repeats 20]</pre>
 *
 * <ol>
 *   <li>load: a year of Ishøj-sized data through the FHIR API: {@code --referrals} citizens (85 % with a hospital plan,
 *       the rest direct § 86 referrals), a course for 95 % of them (the other plans stay "not contacted"), and
 *       {@code --sessions} sessions per course spread over the past year (assessment + training; 80 % attended, 8 %
 *       no-show, 12 % cancelled), group sessions on six teams of ten places. Timed, not part of the figures below.</li>
 *   <li>booking: {@code --clients} clients for {@code --measure} seconds, each booking a team session on a course of
 *       its own (POST Appointment: package check, team capacity check, both under row locks) and recording the
 *       attendance (PUT Appointment fulfilled); latencies of each kind separately.</li>
 *   <li>work lists: each work-list search of the README {@code --worklist-repeats} times at {@code --clients} clients.</li>
 * </ol>
 */
public class CourseLoad {
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    static final String SD = "http://rehab-adapter.dk/fhir/StructureDefinition/";
    static final String CS = "http://rehab-adapter.dk/fhir/CodeSystem/";
    static final String KL = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes";
    static final String[][] PACKAGES = {{"geriatri", "geriatri-individuel", "individual"}, {"knae-skade", "knae-skade-individuel", "individual"},
            {"knae-menisk", "knae-menisk-hold", "group"}, {"geriatri", "geriatri-styrkehold", "group"}, {"knae-ledbaand", "knae-ledbaand-hold", "group"}};
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    static final java.time.format.DateTimeFormatter INSTANT = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base;
    int clients = 8;
    int referrals = 1250;
    int sessions = 12;
    int measure = 30;
    int repeats = 20;
    final List<String> therapists = new ArrayList<>();
    final List<String> teams = new ArrayList<>();
    final AtomicLong errors = new AtomicLong();
    volatile String firstError;

    public static void main(String[] args) throws Exception {
        CourseLoad load = new CourseLoad();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> load.base = args[i + 1].replaceAll("/+$", "") + "/fhir";
                case "--clients" -> load.clients = Integer.parseInt(args[i + 1]);
                case "--referrals" -> load.referrals = Integer.parseInt(args[i + 1]);
                case "--sessions" -> load.sessions = Integer.parseInt(args[i + 1]);
                case "--measure" -> load.measure = Integer.parseInt(args[i + 1]);
                case "--worklist-repeats" -> load.repeats = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (load.base == null) {
            System.err.println("usage: java bench/CourseLoad.java --base http://127.0.0.1:8080 [--clients 8] [--referrals 1250] "
                    + "[--sessions 12] [--measure 30] [--worklist-repeats 20]");
            System.exit(2);
        }
        load.run();
    }

    record Answer(int status, String body) {
    }

    Answer send(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/fhir+json");
            String token = System.getenv("ADAPTER_TOKEN");
            if (token != null && !token.isBlank()) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", "application/fhir+json").method(method, HttpRequest.BodyPublishers.ofString(body));
                java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"versionId\"\\s*:\\s*\"(\\d+)\"").matcher(body);
                if (method.equals("PUT") && version.find()) {
                    b.header("If-Match", "W/\"" + version.group(1) + "\""); // an update names the version it changes
                }
            } else {
                b.GET();
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = method + " " + path + " -> " + r.statusCode() + " " + r.body();
                }
            }
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = method + " " + path + " -> " + e;
            }
            return new Answer(0, "");
        }
    }

    static String id(Answer a) {
        Matcher m = ID.matcher(a.body());
        return m.find() ? m.group(1) : null;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    void run() throws Exception {
        System.out.printf("courses benchmark: %s, %d clients, %d referrals x %d sessions%n", base, clients, referrals, sessions);
        setup();
        long t0 = System.nanoTime();
        List<String> courses = Collections.synchronizedList(new ArrayList<>());
        parallel(referrals, i -> loadReferral(i, courses));
        double loadS = (System.nanoTime() - t0) / 1e9;
        Answer count = send("GET", "Appointment?_count=0", null);
        Matcher m = TOTAL.matcher(count.body());
        System.out.printf("load: %d courses, %s sessions in %.1f s (%.0f requests/s), errors %d%n", courses.size(), m.find() ? m.group(1) : "?",
                loadS, requests.get() / loadS, errors.get());
        if (firstError != null) {
            System.out.println("  first error: " + firstError.substring(0, Math.min(400, firstError.length())));
        }
        booking();
        worklists();
    }

    final AtomicLong requests = new AtomicLong();

    void setup() {
        for (String name : List.of("Hansen", "Olsen", "Jensen", "Nielsen", "Larsen", "Berg", "Holm", "Krogh")) {
            String json = "{\"resourceType\":\"Practitioner\",\"identifier\":[{\"system\":\"urn:oid:1.2.208.176.43.99.1\",\"value\":\"" + UUID.randomUUID()
                    + "\"}],\"name\":[{\"family\":\"" + name + "\"}]}";
            therapists.add("Practitioner/" + id(send("POST", "Practitioner", json)));
        }
        for (int i = 0; i < 6; i++) {
            String json = "{\"resourceType\":\"HealthcareService\",\"extension\":[{\"url\":\"" + SD + "team-capacity\",\"valueInteger\":10}],"
                    + "\"name\":\"Hold " + i + "\"}";
            teams.add("HealthcareService/" + id(send("POST", "HealthcareService", json)));
        }
        send("POST", "Organization", "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"urn:oid:1.2.208.176.1.1\",\"value\":\"265161000016000\"}],"
                + "\"name\":\"Hvidovre Hospital, Ortopædkirurgisk Afdeling\"}");
    }

    static String cpr(int i) {
        LocalDate birth = LocalDate.of(1935, 1, 1).plusDays((i * 7L + ThreadLocalRandom.current().nextInt(7)) % 25000);
        return String.format("%02d%02d%02d%04d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100,
                1000 + ThreadLocalRandom.current().nextInt(8999));
    }

    void loadReferral(int i, List<String> courses) {
        String cpr = cpr(i);
        Answer patient = send("POST", "Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:oid:1.2.208.176.1.2\",\"value\":\""
                + cpr + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"Borger" + i + "\",\"given\":[\"Test\"]}]}");
        requests.incrementAndGet();
        String patientRef = "Patient/" + id(patient);
        LocalDate discharge = LocalDate.now(ZONE).minusDays(365L * i / referrals + 1);
        String planId = null;
        boolean plan = i % 20 < 17;
        if (plan) {
            String json = "{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\","
                    + "\"valueDate\":\"" + discharge + "\"}],\"identifier\":[{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"urn:uuid:" + UUID.randomUUID()
                    + "\"}],\"status\":\"active\",\"intent\":\"plan\",\"category\":[{\"coding\":[{\"system\":\"" + KL
                    + "\",\"code\":\"ffd81f78-352e-4589-a195-5350dd1df2a4\"}]}],\"code\":{\"coding\":[{\"system\":\"" + KL
                    + "\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},\"subject\":{\"reference\":\"" + patientRef + "\"},"
                    + "\"authoredOn\":\"" + discharge + "T08:00:00+01:00\",\"requester\":{\"identifier\":{\"system\":\"urn:oid:1.2.208.176.1.1\","
                    + "\"value\":\"265161000016000\"}}}";
            planId = id(send("POST", "ServiceRequest", json));
            requests.incrementAndGet();
        }
        if (i % 20 == 16) {
            return; // 5 %: a plan whose citizen has not been contacted yet
        }
        String[] pkg = PACKAGES[i % PACKAGES.length];
        String course = "{\"resourceType\":\"EpisodeOfCare\",\"extension\":[{\"url\":\"" + SD + "course-legal-basis\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\""
                + CS + "legal-basis\",\"code\":\"" + (plan ? "sul-140" : "sel-86-1") + "\"}]}},{\"url\":\"" + SD + "course-package\",\"valueCanonical\":"
                + "\"http://rehab-adapter.dk/fhir/PlanDefinition/" + pkg[1] + "\"}],\"status\":\"planned\",\"type\":[{\"coding\":[{\"system\":\"" + CS
                + "diagnosis-groups\",\"code\":\"" + pkg[0] + "\"}]}],\"patient\":{\"reference\":\"" + patientRef + "\"},"
                + (plan ? "\"referralRequest\":[{\"reference\":\"ServiceRequest/" + planId + "\"}]," : "")
                + "\"careManager\":{\"reference\":\"" + therapists.get(i % therapists.size()) + "\"}}";
        String courseId = id(send("POST", "EpisodeOfCare", course));
        requests.incrementAndGet();
        courses.add(courseId);
        OffsetDateTime first = discharge.plusDays(2).atTime(8, 0).atZone(ZONE).toOffsetDateTime();
        for (int k = 0; k < sessions; k++) {
            boolean assessment = k == 0;
            String type = assessment ? "assessment" : pkg[2];
            boolean group = "group".equals(type);
            // a team session: ten citizens per team, day and hour
            OffsetDateTime start = assessment ? first : group
                    ? discharge.plusDays(3 + 7L * k + (i / 60) % 3).atTime(8 + k % 11, 0).atZone(ZONE).toOffsetDateTime()
                    : first.plusDays(3L * k).plusHours(k % 8);
            int roll = ThreadLocalRandom.current().nextInt(100);
            boolean past = start.isBefore(OffsetDateTime.now());
            String status = !past ? "booked" : assessment || roll < 80 ? "fulfilled" : roll < 88 ? "noshow" : "cancelled";
            send("POST", "Appointment", session(courseId, patientRef, type, start, group ? teams.get(i % teams.size()) : null, i, status, roll));
            requests.incrementAndGet();
        }
    }

    String session(String courseId, String patientRef, String type, OffsetDateTime start, String team, int i, String status, int roll) {
        int minutes = "assessment".equals(type) ? 60 : 45;
        StringBuilder p = new StringBuilder("{\"actor\":{\"reference\":\"" + patientRef + "\"}},{\"actor\":{\"reference\":\""
                + therapists.get(i % therapists.size()) + "\"}}");
        if (team != null) {
            p.append(",{\"actor\":{\"reference\":\"").append(therapists.get((i + 1) % therapists.size())).append("\"}}");
            p.append(",{\"actor\":{\"reference\":\"").append(team).append("\"}}");
        }
        String cancel = "cancelled".equals(status) ? ",\"cancelationReason\":{\"coding\":[{\"system\":\"" + CS + "session-cancellation-reasons\",\"code\":\""
                + (roll % 3 == 0 ? "centre" : roll % 3 == 1 ? "citizen-ill" : "citizen-other") + "\"}]}" : "";
        return "{\"resourceType\":\"Appointment\",\"extension\":[{\"url\":\"" + SD + "course\",\"valueReference\":{\"reference\":\"EpisodeOfCare/" + courseId
                + "\"}}],\"status\":\"" + status + "\"" + cancel + ",\"appointmentType\":{\"coding\":[{\"system\":\"" + CS + "session-types\",\"code\":\""
                + type + "\"}]},\"start\":\"" + start.format(INSTANT) + "\",\"end\":\"" + start.plusMinutes(minutes).format(INSTANT)
                + "\",\"participant\":[" + p + "]}";
    }

    void booking() throws Exception {
        List<Long> book = Collections.synchronizedList(new ArrayList<>());
        List<Long> attend = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + measure * 1_000_000_000L;
        AtomicInteger slot = new AtomicInteger();
        long errorsBefore = errors.get();
        AtomicInteger citizens = new AtomicInteger(200000);
        parallel(clients, c -> {
            String patient = null;
            String course = null;
            int booked = 60;
            while (System.nanoTime() < end) {
                if (booked >= 60) { // the package (60 team sessions) is used: the next citizen
                    patient = "Patient/" + id(send("POST", "Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                            + "\"urn:oid:1.2.208.176.1.2\",\"value\":\"" + cpr(citizens.incrementAndGet()) + "\"}],\"name\":[{\"family\":\"Booker"
                            + c + "\"}]}"));
                    course = id(send("POST", "EpisodeOfCare", "{\"resourceType\":\"EpisodeOfCare\",\"extension\":[{\"url\":\"" + SD + "course-legal-basis\","
                            + "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + CS + "legal-basis\",\"code\":\"sel-86-1\"}]}},{\"url\":\"" + SD
                            + "course-package\",\"valueCanonical\":\"http://rehab-adapter.dk/fhir/PlanDefinition/knae-korsbaand-hold\"}],\"status\":\"active\","
                            + "\"type\":[{\"coding\":[{\"system\":\"" + CS + "diagnosis-groups\",\"code\":\"knae-korsbaand\"}]}],\"patient\":{\"reference\":\""
                            + patient + "\"}}"));
                    booked = 0;
                }
                OffsetDateTime start = LocalDate.now(ZONE).plusDays(30 + slot.incrementAndGet() / 10).atTime(8, 0).atZone(ZONE).toOffsetDateTime()
                        .plusMinutes(slot.get() % 10 * 60L);
                long t = System.nanoTime();
                Answer a = send("POST", "Appointment", session(course, patient, "group", start, teams.get(c % teams.size()), c, "booked", 0));
                book.add(System.nanoTime() - t);
                booked++;
                if (a.status() != 201) {
                    continue;
                }
                String updated = a.body().replaceFirst("\"status\"\\s*:\\s*\"booked\"", "\"status\":\"fulfilled\"");
                t = System.nanoTime();
                send("PUT", "Appointment/" + id(a), updated);
                attend.add(System.nanoTime() - t);
            }
        });
        System.out.printf("booking (%d clients, %d s): book %s; record attendance %s; errors %d%n", clients, measure,
                stats(book, measure), stats(attend, measure), errors.get() - errorsBefore);
    }

    void worklists() throws Exception {
        String today = LocalDate.now(ZONE).toString();
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("plans not contacted by the deadline", "ServiceRequest?status=active&municipal-responsibility=true&contact-deadline=lt" + today
                + "&contacted=false");
        lists.put("plans past start deadline, no first meeting", "ServiceRequest?status=active&municipal-responsibility=true&start-deadline=lt"
                + today + "&occurrence:missing=true");
        lists.put("courses marked for re-assessment", "EpisodeOfCare?reassessment=true&status=planned,waitlist,active");
        lists.put("courses whose package is used up", "EpisodeOfCare?package-used-up=true&status=planned,waitlist,active");
        lists.put("today's sessions of a therapist", "Appointment?practitioner=" + therapists.get(0) + "&date=" + today + "&_count=100");
        lists.put("today's sessions of a team", "Appointment?actor=" + teams.get(0) + "&date=" + today + "&_count=100");
        lists.put("a citizen's sessions by CPR (paged)", null);
        for (Map.Entry<String, String> list : lists.entrySet()) {
            if (list.getValue() == null) {
                continue;
            }
            List<Long> times = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger left = new AtomicInteger(repeats);
            ConcurrentLinkedQueue<String> totals = new ConcurrentLinkedQueue<>();
            long t0 = System.nanoTime();
            parallel(clients, c -> {
                while (left.getAndDecrement() > 0) {
                    long t = System.nanoTime();
                    Answer a = send("GET", list.getValue(), null);
                    times.add(System.nanoTime() - t);
                    Matcher m = TOTAL.matcher(a.body());
                    totals.add(m.find() ? m.group(1) : "?");
                }
            });
            System.out.printf("work list %-45s total %6s  %s%n", list.getKey(), totals.peek(), stats(times, (System.nanoTime() - t0) / 1e9));
        }
        System.out.printf("errors %d%s%n", errors.get(), firstError == null ? "" : "; first: " + firstError.substring(0, Math.min(400, firstError.length())));
    }

    static String stats(List<Long> nanos, double seconds) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "n=0";
        }
        return String.format("n=%d %.1f/s p50 %.1f ms p95 %.1f ms p99 %.1f ms max %.1f ms", sorted.size(), sorted.size() / seconds,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }

    static double pct(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    interface Task {
        void run(int i) throws Exception;
    }

    void parallel(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < Math.min(clients, n); c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
