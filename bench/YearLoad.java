import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generator of a realistic year of a rehabilitation centre's data (issue 12 part 3), through the adapter's own FHIR API
 * only. JDK 17, no dependencies:
 *
 * <pre>ADAPTER_TOKEN=... java bench/YearLoad.java --base http://127.0.0.1:8080 [--plans 1100] [--clients 3] [--batch 25]
 *      [--seed 1] [--offset 0]</pre>
 *
 * <p>The year is the 365 days before today (the adapter stamps what it registers with the time it registers it, so the
 * year is the one that ends now). {@code --plans} hospital plans (Ishøj: about 1,100 a year; the whole country: about
 * 125,000) are received evenly over it, and direct referrals (§ 86, § 119, § 140a, Jobcenter: 0.34 per plan, the mix of
 * new courses in the 2024 annual report, seed 001: § 86.1 79, Jobcenter 106, funktionsevnevurdering 43, § 86.2 31,
 * § 119 106, § 140a 12 against § 140 858) with them. Of the plans, 78 % get a course (2022 report, seed 000: 718 courses
 * from 916 plans); plan types almen 90 %, rehabilitering 7 %, specialiseret 3 % (a specialised plan is the hospital's:
 * no course), an almen plan basal 80 % / avanceret 20 %. Diagnosis groups as the 2022 report's table (Geriatri, Knæ, Hofte, Cancer,
 * Hjerte/lunge, …); a course of Geriatri, a Knæ sub-group or Underben gets a package of the catalogue (hold 60 %,
 * individuel 25 %, tjek-tider 15 %, as the package has them), the others none.
 *
 * <p>Sessions: an assessment, then 6–14 training sessions (at most what the package allows), every 3–4 days, at the
 * centre (10 % at home). Citizens' absences as in the 2022 report (4.3, "Afbud og udeblivelser fra borgere"): 16 % of
 * assessments, 19 % of individual sessions, 24 % of team sessions; a third of them no-shows, the rest cancellations
 * (ill / other), and 3 % cancelled by the centre. Team sessions: eight citizens a team session, teams of ten places,
 * one team per 150 plans (at least six), two therapists. FSIII: three of KL's 17 § 140 areas assessed at the start
 * (level 1–4) and at the end (70 % one or two levels better). Courses: 88 % finished with {@code $finish} (end reasons:
 * fagperson-vurderet 60 %, borger-vurderet 25 %, hændelse 10 %, aktivt fravalg 5 %), which makes the final status and
 * its deliveries as every finished course does; 7 % cancelled after 1–3 sessions (ikke henvendt sig / udeblevet, or
 * aktivt fravalg); the rest, and every course whose sessions lie in the future, stay active with booked sessions.
 *
 * <p>How: each client thread takes {@code --batch} citizens at a time and sends one FHIR transaction Bundle with their
 * Patients, diagnoses (Condition), plans (ServiceRequest), courses (EpisodeOfCare, planned), sessions (Appointment,
 * with their outcome) and start assessments (Observation); then per course a PUT that makes it active (its first
 * meeting as period.start) and {@code $finish} (or a PUT that cancels it). Everything is written by the adapter's own
 * create, update and finish paths, with their rules. Prints one line per 10 % and a summary.
 */
public class YearLoad {
    static final String SD = "http://rehab-adapter.dk/fhir/StructureDefinition/";
    static final String CS = "http://rehab-adapter.dk/fhir/CodeSystem/";
    static final String KL = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes";
    static final String FSIII = "urn:oid:1.2.208.176.2.21";
    static final String SOR = "urn:oid:1.2.208.176.1.1";
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    static final Pattern LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"([A-Za-z]+)/([^/\"]+)/_history/(\\d+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    static final String ALMEN = "ffd81f78-352e-4589-a195-5350dd1df2a4";
    static final String REHABILITERING = "83c89857-8fb8-4163-97b1-eb1a56345c29";
    static final String SPECIALISERET = "0c8e2bfc-1350-45d1-90da-c07e2645d073";
    static final String BASAL = "8b962281-2ab6-4b10-9c91-4bac592d6d49";
    static final String AVANCERET = "b679c454-2da2-46dd-9425-0e52d4aa2bf3";
    static final String END_EVENT = "82e99421-31da-4915-96ed-168ccfa1d20c";
    static final String END_NO_NEED_CITIZEN = "4bbf6d6a-a1c6-41c2-b8c1-7352b7378adf";
    static final String END_NO_NEED_PROFESSIONAL = "a63b6aa6-7d56-4e67-a5b3-d73f6d262af5";
    static final String END_NO_CONTACT = "ef491570-7884-4acd-bcf7-43d6b2c64762";
    static final String END_DECLINED = "3a5a72b7-addf-4857-b80c-04e4246e3072";
    /** FSIII levels 0..4 (UUID codes of ValueSet fsiii-levels). */
    static final String[] LEVELS = {"9c5cfb57-a498-40e5-98a7-792bf5fb205b", "fcc16cb1-41f0-4832-b834-110fba0aaabe",
            "d984ad21-48fe-4619-845e-2aa0303048e7", "1ceef776-0cfa-4acd-b222-c5bb2424e0c1", "f4c9f159-5806-4c06-95e9-e69b83bab1a1"};
    /** The 17 § 140 areas (ValueSet fsiii-conditions-140). */
    static final String[] AREAS = {"2bd07f7c-e6bb-424b-ab8f-f7c1de2afe80", "b53bca74-fd3f-4127-89ae-1a39d7836b93",
            "bd088375-65fc-4e1d-9a8b-78dc918e6581", "86e1982c-f459-4658-9071-e4bf3453a687", "dd41df82-3c13-4523-b9c5-e83676425299",
            "243ae4ae-4e36-4192-88cb-399711ac3766", "290baa56-5d8c-40a6-b40c-1de05649f0d1", "6a2c3341-c13e-4638-961d-72ba0fe29a80",
            "064f983b-5ec5-40a3-bc90-c3fcec6b6ef5", "1d9759c6-6526-4d07-994a-5dee3fa65177", "56860429-eabe-4d48-b8ad-d7f7b28f6df5",
            "b16668ff-9c02-491e-b082-7b699d93f5bc", "263a2c2f-7ae2-4264-8808-7e8216b1a118", "26b05040-94f3-4c8c-9ede-c7223bddf518",
            "3c685f14-5d48-4b1c-a451-9da780e2b41c", "bbc99471-a9f3-41f1-a95b-6842abfb551a", "c6f49b84-58af-43df-bb3e-0d6a67fa0aba"};

    /** Diagnosis group, weight (courses per group in the 2022 report, Knæ split over its sub-groups), SKS code. */
    record Group(String code, int weight, String sks, String[][] packages) {
    }

    /** Package id, session type, the most training sessions it allows. */
    static String[] pkg(String id, String type, int max) {
        return new String[] {id, type, String.valueOf(max)};
    }

    static final List<Group> GROUPS = List.of(
            new Group("geriatri", 164, "DR268", new String[][] {pkg("geriatri-styrkehold", "group", 24), pkg("geriatri-balancehold", "group", 20),
                    pkg("geriatri-individuel", "individual", 12)}),
            new Group("knae-kunstigt-knaeled", 45, "DM171", new String[][] {pkg("knae-kunstigt-knaeled-hold", "group", 12),
                    pkg("knae-kunstigt-knaeled-individuel", "individual", 12), pkg("knae-kunstigt-knaeled-tjektider", "check-in", 9)}),
            new Group("knae-slidgigt", 30, "DM170", new String[][] {pkg("knae-slidgigt-hold", "group", 17), pkg("knae-slidgigt-tjektider", "check-in", 5)}),
            new Group("knae-menisk", 25, "DS832", new String[][] {pkg("knae-menisk-hold", "group", 12), pkg("knae-menisk-individuel", "individual", 8),
                    pkg("knae-menisk-tjektider", "check-in", 9)}),
            new Group("knae-korsbaand", 15, "DS835", new String[][] {pkg("knae-korsbaand-hold", "group", 60), pkg("knae-korsbaand-tjektider", "check-in", 9)}),
            new Group("knae-skade", 12, "DS800", new String[][] {pkg("knae-skade-hold", "group", 20), pkg("knae-skade-individuel", "individual", 16),
                    pkg("knae-skade-tjektider", "check-in", 9)}),
            new Group("knae-ledbaand", 8, "DS834", new String[][] {pkg("knae-ledbaand-hold", "group", 24), pkg("knae-ledbaand-individuel", "individual", 12),
                    pkg("knae-ledbaand-tjektider", "check-in", 9)}),
            new Group("underben-ankel", 30, "DS824", new String[][] {pkg("underben-hold", "group", 12), pkg("underben-tjektider", "check-in", 9)}),
            new Group("hofte", 80, "DS720", null),
            new Group("cancer", 70, "DC509", null),
            new Group("hjerte-lunge", 63, "DJ449", null),
            new Group("ryg-nakke", 60, "DM545", null),
            new Group("skulder", 55, "DM751", null),
            new Group("neurologi", 45, "DI639", null),
            new Group("diabetes", 42, "DE119", null),
            new Group("underarm-albue-haand", 30, "DS525", null),
            new Group("amputation", 4, "DZ894", null));
    static final int GROUP_WEIGHTS = GROUPS.stream().mapToInt(Group::weight).sum();
    /** Direct referrals (no plan): legal basis and its count of new courses in 2024 (seed 001, Tabel 2). */
    static final String[][] DIRECT = {{"sel-86-1", "79"}, {"sel-86-1-jobcenter", "106"}, {"sel-86-1-funktionsevnevurdering", "43"},
            {"sel-86-2", "31"}, {"sul-119", "106"}, {"sul-140a", "12"}};
    static final int PLAN_COURSES_2024 = 858;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String base;
    String token = System.getenv("ADAPTER_TOKEN");
    int plans = 1100;
    int clients = 3;
    int batch = 25;
    long seed = 1;
    int offset = 0;
    int citizens;
    LocalDate firstDay;
    int teamCount;
    final List<String> hospitals = new ArrayList<>();
    final List<String> hospitalSors = new ArrayList<>();
    final List<String> therapists = new ArrayList<>();
    final List<String> teams = new ArrayList<>();
    String centre;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong resources = new AtomicLong();
    final AtomicLong sessionCount = new AtomicLong();
    final AtomicLong courseCount = new AtomicLong();
    final AtomicLong planCount = new AtomicLong();
    final AtomicLong finished = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLong batchNanos = new AtomicLong();
    final AtomicLong closeNanos = new AtomicLong();
    volatile String firstError;

    public static void main(String[] args) throws Exception {
        YearLoad load = new YearLoad();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> load.base = args[i + 1].replaceAll("/+$", "") + "/fhir";
                case "--plans" -> load.plans = Integer.parseInt(args[i + 1]);
                case "--clients" -> load.clients = Integer.parseInt(args[i + 1]);
                case "--batch" -> load.batch = Integer.parseInt(args[i + 1]);
                case "--seed" -> load.seed = Long.parseLong(args[i + 1]);
                case "--offset" -> load.offset = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (load.base == null) {
            System.err.println("usage: ADAPTER_TOKEN=<municipality token> java bench/YearLoad.java --base http://127.0.0.1:8080 [--plans 1100] "
                    + "[--clients 3] [--batch 25] [--seed 1] [--offset 0]");
            System.exit(2);
        }
        System.exit(load.run() ? 0 : 1);
    }

    record Answer(int status, String body) {
    }

    Answer send(String method, String path, String body, String ifMatch) {
        requests.incrementAndGet();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + (path.isEmpty() ? "" : "/" + path))).timeout(Duration.ofSeconds(300))
                    .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token);
            if (ifMatch != null) {
                b.header("If-Match", "W/\"" + ifMatch + "\"");
            }
            b.header("Content-Type", "application/fhir+json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                error(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            error(method + " " + path + " -> " + e);
            return new Answer(0, "");
        }
    }

    void error(String what) {
        errors.incrementAndGet();
        if (firstError == null) {
            firstError = what.substring(0, Math.min(1500, what.length()));
        }
    }

    static String id(Answer a) {
        Matcher m = ID.matcher(a.body());
        return m.find() ? m.group(1) : null;
    }

    boolean run() throws Exception {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("ADAPTER_TOKEN (a municipality token) is not set");
        }
        int direct = (int) Math.round(plans * (double) sum(DIRECT) / PLAN_COURSES_2024 * 0.78);
        citizens = plans + direct;
        firstDay = LocalDate.now(ZONE).minusDays(365);
        teamCount = Math.max(6, plans / 150);
        System.out.printf("year load: %s, %d plans + %d direct referrals from %s, %d clients, %d citizens per transaction, %d teams%n",
                base, plans, direct, firstDay, clients, batch, teamCount);
        setup();
        long t0 = System.nanoTime();
        int batches = (citizens + batch - 1) / batch;
        AtomicInteger done = new AtomicInteger();
        parallel(batches, b -> {
            loadBatch(b * batch, Math.min(citizens, (b + 1) * batch));
            int d = done.incrementAndGet();
            if (d % Math.max(1, batches / 10) == 0) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %3d %% %6.1f s: %d plans, %d courses, %d sessions, %d resources, %.0f resources/s, errors %d%n",
                        100L * d / batches, s, planCount.get(), courseCount.get(), sessionCount.get(), resources.get(), resources.get() / s, errors.get());
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("loaded: %d citizens, %d plans, %d courses (%d finished, %d cancelled), %d sessions, %d resources in %.1f s "
                        + "(%.0f resources/s, %d requests, %.0f requests/s); transactions %.1f s, activating and closing %.1f s (client time); errors %d%n",
                citizens, planCount.get(), courseCount.get(), finished.get(), cancelled.get(), sessionCount.get(), resources.get(), seconds,
                resources.get() / seconds, requests.get(), requests.get() / seconds, batchNanos.get() / 1e9, closeNanos.get() / 1e9, errors.get());
        if (firstError != null) {
            System.out.println("  first error: " + firstError);
        }
        return errors.get() == 0;
    }

    static int sum(String[][] mix) {
        int n = 0;
        for (String[] m : mix) {
            n += Integer.parseInt(m[1]);
        }
        return n;
    }

    void setup() {
        String[] names = {"Hvidovre Hospital", "Rigshospitalet", "Bispebjerg Hospital", "Herlev Hospital", "Amager Hospital", "Glostrup Hospital",
                "Køge Sygehus", "Frederiksberg Hospital"};
        for (int h = 0; h < names.length; h++) {
            String sor = String.valueOf(265161000016000L + 1000L * h + seed % 1000);
            hospitalSors.add(sor);
            hospitals.add("Organization/" + id(send("POST", "Organization", "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"" + SOR
                    + "\",\"value\":\"" + sor + "\"}],\"active\":true,\"name\":\"" + names[h] + ", Ortopædkirurgisk Afdeling\"}", null)));
        }
        centre = "Organization/" + id(send("POST", "Organization", "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"" + SOR
                + "\",\"value\":\"" + (1000000000000L + seed) + "\"}],\"active\":true,\"name\":\"Genoptræningscenter (generated)\"}", null));
        for (int t = 0; t < Math.max(12, teamCount * 2); t++) {
            therapists.add("Practitioner/" + id(send("POST", "Practitioner", "{\"resourceType\":\"Practitioner\",\"identifier\":[{\"system\":"
                    + "\"urn:oid:1.2.208.176.1.5\",\"value\":\"" + seed + "-" + t + "\"}],\"name\":[{\"family\":\"Terapeut " + t + "\"}]}", null)));
        }
        for (int t = 0; t < teamCount; t++) {
            teams.add("HealthcareService/" + id(send("POST", "HealthcareService", "{\"resourceType\":\"HealthcareService\",\"extension\":[{\"url\":\""
                    + SD + "team-capacity\",\"valueInteger\":10}],\"name\":\"Hold " + t + "\"}", null)));
        }
        if (errors.get() > 0) {
            throw new IllegalStateException("setup failed: " + firstError);
        }
    }

    /** What one citizen gets; filled while the transaction is built, read when closing the course. */
    static final class Citizen {
        int index;
        boolean plan;
        String legalBasis;
        Group group;
        String[] pkg;
        String sessionType;
        int patientEntry = -1;
        int planEntry = -1;
        int courseEntry = -1;
        OffsetDateTime firstMeeting;
        OffsetDateTime lastPast;
        boolean future;
        String ending; // finished, cancelled, active
        String endReason;
        String therapist;
        int[] areas;
        int[] startLevels;
        String courseJson; // the course as created, with placeholders to replace
    }

    void loadBatch(int from, int to) {
        long t0 = System.nanoTime();
        StringBuilder entries = new StringBuilder();
        List<Citizen> batchCitizens = new ArrayList<>();
        int[] entry = {0};
        for (int i = from; i < to; i++) {
            batchCitizens.add(citizen(i, entries, entry));
        }
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
        Answer a = send("POST", "", bundle, null);
        batchNanos.addAndGet(System.nanoTime() - t0);
        if (a.status() != 200) {
            return;
        }
        List<String[]> locations = new ArrayList<>();
        Matcher m = LOCATION.matcher(a.body());
        while (m.find()) {
            locations.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        resources.addAndGet(locations.size());
        long t1 = System.nanoTime();
        for (Citizen c : batchCitizens) {
            if (c.courseEntry >= 0) {
                close(c, locations);
            }
        }
        closeNanos.addAndGet(System.nanoTime() - t1);
    }

    static String urn(int i, String what) {
        return "urn:uuid:00000000-0000-4000-8000-" + String.format("%08d%s", i, what);
    }

    Citizen citizen(int i, StringBuilder entries, int[] entry) {
        Random r = new Random(seed * 1_000_003L + offset + i);
        Citizen c = new Citizen();
        c.index = i;
        c.plan = r.nextInt(plans + (citizens - plans)) < plans;
        LocalDate received = firstDay.plusDays((long) i * 365 / citizens);
        OffsetDateTime receivedAt = received.atTime(8 + r.nextInt(9), r.nextInt(60)).atZone(ZONE).toOffsetDateTime();
        String pat = urn(i, "0001");
        String cpr = cpr(offset + i);
        c.patientEntry = entry[0]++;
        add(entries, pat, "Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:oid:1.2.208.176.1.2\",\"value\":\"" + cpr
                + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"Borger" + (offset + i) + "\",\"given\":[\"Test\"]}]}",
                "identifier=urn:oid:1.2.208.176.1.2|" + cpr);
        c.group = group(r);
        c.therapist = therapists.get(r.nextInt(therapists.size()));
        boolean course;
        String planRef = null;
        if (c.plan) {
            int hospital = r.nextInt(hospitals.size());
            int type = r.nextInt(100);
            String planType = type < 90 ? ALMEN : type < 97 ? REHABILITERING : SPECIALISERET;
            LocalDate discharge = received.minusDays(r.nextInt(2));
            String cond = urn(i, "0002");
            entry[0]++;
            add(entries, cond, "Condition", "{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":"
                    + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},\"verificationStatus\":{\"coding\":[{\"system\":"
                    + "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"confirmed\"}]},\"category\":[{\"coding\":[{\"system\":"
                    + "\"http://terminology.hl7.org/CodeSystem/condition-category\",\"code\":\"encounter-diagnosis\"}]}],\"code\":{\"coding\":[{\"system\":"
                    + "\"urn:oid:1.2.208.176.2.4.12\",\"code\":\"" + c.group.sks() + "\"}]},\"subject\":{\"reference\":\"" + pat + "\"},\"recordedDate\":\""
                    + discharge + "\"}", null);
            String planUrn = urn(i, "0003");
            String planIdentifier = seed + "-" + (offset + i);
            c.planEntry = entry[0]++;
            add(entries, planUrn, "ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":"
                    + "\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\",\"valueDate\":\"" + discharge + "\"}],"
                    + "\"identifier\":[{\"system\":\"https://hospital" + hospital + ".example.dk/fhir/sid/genoptraeningsplan\",\"value\":\"" + planIdentifier
                    + "\"}],\"status\":\"active\",\"intent\":\"plan\",\"category\":[{\"coding\":[{\"system\":\"" + KL + "\",\"code\":\"" + planType
                    + "\"}]}" + (planType.equals(ALMEN) ? ",{\"coding\":[{\"system\":\"" + KL + "\",\"code\":\"" + (r.nextInt(100) < 80 ? BASAL : AVANCERET)
                    + "\"}]}" : "") + "],"
                    + "\"code\":{\"coding\":[{\"system\":\"" + KL + "\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},\"subject\":{\"reference\":\""
                    + pat + "\"},\"authoredOn\":\"" + receivedAt.format(INSTANT) + "\",\"requester\":{\"identifier\":{\"system\":\"" + SOR + "\",\"value\":\""
                    + hospitalSors.get(hospital) + "\"}},\"reasonReference\":[{\"reference\":\"" + cond + "\"}]}",
                    "identifier=https://hospital" + hospital + ".example.dk/fhir/sid/genoptraeningsplan|" + planIdentifier);
            planCount.incrementAndGet();
            course = !planType.equals(SPECIALISERET) && r.nextInt(100) < 80;
            c.legalBasis = "sul-140";
            planRef = planUrn;
        } else {
            course = true;
            int pick = r.nextInt(sum(DIRECT));
            for (String[] d : DIRECT) {
                pick -= Integer.parseInt(d[1]);
                if (pick < 0) {
                    c.legalBasis = d[0];
                    break;
                }
            }
        }
        if (!course) {
            return c;
        }
        if (c.group.packages() != null) {
            String[][] ps = c.group.packages();
            int roll = r.nextInt(100);
            String want = roll < 60 ? "group" : roll < 85 ? "individual" : "check-in";
            c.pkg = ps[0];
            for (String[] p : ps) {
                if (p[1].equals(want)) {
                    c.pkg = p;
                }
            }
            c.sessionType = c.pkg[1];
        } else {
            c.sessionType = r.nextInt(100) < 55 ? "individual" : "group";
        }
        String courseUrn = urn(i, "0004");
        c.courseEntry = entry[0]++;
        c.courseJson = "{\"resourceType\":\"EpisodeOfCare\",\"extension\":[{\"url\":\"" + SD + "course-legal-basis\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\""
                + CS + "legal-basis\",\"code\":\"" + c.legalBasis + "\"}]}}"
                + (c.pkg == null ? "" : ",{\"url\":\"" + SD + "course-package\",\"valueCanonical\":\"http://rehab-adapter.dk/fhir/PlanDefinition/" + c.pkg[0] + "\"}")
                + "%END%],\"status\":\"%STATUS%\",\"type\":[{\"coding\":[{\"system\":\"" + CS + "diagnosis-groups\",\"code\":\"" + c.group.code()
                + "\"}]}],\"patient\":{\"reference\":\"%PATIENT%\"},\"managingOrganization\":{\"reference\":\"" + centre + "\"},"
                + (planRef == null ? "" : "\"referralRequest\":[{\"reference\":\"%PLAN%\"}],")
                + "%PERIOD%\"careManager\":{\"reference\":\"" + c.therapist + "\"}}";
        add(entries, courseUrn, "EpisodeOfCare", c.courseJson.replace("%END%", "").replace("%STATUS%", "planned").replace("%PATIENT%", pat)
                .replace("%PLAN%", planRef == null ? "" : planRef).replace("%PERIOD%", ""), null);
        courseCount.incrementAndGet();
        // sessions
        OffsetDateTime now = OffsetDateTime.now();
        int ending = r.nextInt(100);
        int training = 6 + r.nextInt(9);
        if (c.pkg != null) {
            training = Math.min(training, Integer.parseInt(c.pkg[2]));
        }
        boolean cancelledCourse = ending >= 88 && ending < 95;
        if (cancelledCourse) {
            training = r.nextInt(3);
        }
        c.firstMeeting = received.plusDays(1 + r.nextInt(5)).atTime(8 + r.nextInt(8), 0).atZone(ZONE).toOffsetDateTime();
        int groupIndex = i / 8;
        String team = teams.get(groupIndex % teamCount);
        int minuteSlot = (groupIndex / teamCount) % 40;
        int used = 0;
        int k = 0;
        List<String> pastSessionIds = new ArrayList<>();
        while (k == 0 || used < training) {
            boolean assessment = k == 0;
            String type = assessment ? "assessment" : c.sessionType;
            boolean group = type.equals("group");
            OffsetDateTime start;
            if (assessment) {
                start = c.firstMeeting;
            } else if (group) {
                // a team session: the eight citizens of one group index meet at the same team, day and minute
                LocalDate day = firstDay.plusDays((long) Math.min(groupIndex * 8L + 7, citizens - 1) * 365 / citizens).plusDays(7 + (k * 7L) / 2);
                start = day.atTime(8, 0).plusMinutes(15L * minuteSlot).atZone(ZONE).toOffsetDateTime();
            } else {
                start = c.firstMeeting.plusDays(3L * k + r.nextInt(2)).withHour(8 + r.nextInt(8));
            }
            int absent = assessment ? 16 : group ? 24 : 19;
            int roll = r.nextInt(100);
            boolean past = start.plusHours(1).isBefore(now);
            String status;
            String reason = null;
            if (!past) {
                status = "booked";
                c.future = true;
            } else if (cancelledCourse && assessment && ending < 91) {
                status = "noshow";
            } else if (roll < absent / 3) {
                status = "noshow";
            } else if (roll < absent) {
                status = "cancelled";
                reason = roll % 2 == 0 ? "citizen-ill" : "citizen-other";
            } else if (roll < absent + 3) {
                status = "cancelled";
                reason = "centre";
            } else {
                status = "fulfilled";
            }
            if (assessment && status.equals("cancelled")) {
                status = "noshow"; // the first meeting offered stays the assessment's: a missed assessment is a no-show
                reason = null;
            }
            if (!assessment && !status.equals("cancelled")) {
                used++;
            }
            if (past) {
                c.lastPast = start;
            }
            int minutes = assessment ? 60 : group ? 60 : type.equals("check-in") ? 30 : 45;
            StringBuilder p = new StringBuilder("{\"actor\":{\"reference\":\"" + pat + "\"}},{\"actor\":{\"reference\":\"" + c.therapist + "\"}}");
            if (group) {
                p.append(",{\"actor\":{\"reference\":\"").append(therapists.get((therapists.indexOf(c.therapist) + 1) % therapists.size())).append("\"}}");
                p.append(",{\"actor\":{\"reference\":\"").append(team).append("\"}}");
            }
            String place = !group && r.nextInt(10) == 0 ? "home" : "centre";
            add(entries, null, "Appointment", "{\"resourceType\":\"Appointment\",\"extension\":[{\"url\":\"" + SD + "course\",\"valueReference\":{\"reference\":\""
                    + courseUrn + "\"}},{\"url\":\"" + SD + "session-place\",\"valueCoding\":{\"system\":\"" + CS + "session-places\",\"code\":\"" + place + "\"}}],"
                    + "\"status\":\"" + status + "\"" + (reason == null ? "" : ",\"cancelationReason\":{\"coding\":[{\"system\":\"" + CS
                    + "session-cancellation-reasons\",\"code\":\"" + reason + "\"}]}") + ",\"appointmentType\":{\"coding\":[{\"system\":\"" + CS
                    + "session-types\",\"code\":\"" + type + "\"}]},\"start\":\"" + start.format(INSTANT) + "\",\"end\":\""
                    + start.plusMinutes(minutes).format(INSTANT) + "\",\"participant\":[" + p + "]}", null);
            entry[0]++;
            sessionCount.incrementAndGet();
            k++;
            if (cancelledCourse && k > training) {
                break;
            }
        }
        // FSIII at the start (the assessment), three areas
        if (c.firstMeeting.plusHours(1).isBefore(now)) { // an assessment is recorded when it has taken place
            c.areas = new int[3];
            c.startLevels = new int[3];
            int first = r.nextInt(AREAS.length);
            for (int a = 0; a < 3; a++) {
                c.areas[a] = (first + a * 5) % AREAS.length;
                c.startLevels[a] = 1 + r.nextInt(4);
                add(entries, null, "Observation", observation(c, courseUrn, pat, "start", AREAS[c.areas[a]], c.startLevels[a], c.firstMeeting.plusMinutes(50), true), null);
                entry[0]++;
            }
        }
        if (c.areas == null) {
            c.ending = "planned";
        } else if (cancelledCourse) {
            c.ending = "cancelled";
            c.endReason = ending < 91 ? END_NO_CONTACT : END_DECLINED;
        } else if (c.future || ending >= 95) {
            c.ending = "active";
        } else {
            c.ending = "finished";
            int why = r.nextInt(100);
            c.endReason = why < 60 ? END_NO_NEED_PROFESSIONAL : why < 85 ? END_NO_NEED_CITIZEN : why < 95 ? END_EVENT : END_DECLINED;
        }
        return c;
    }

    String observation(Citizen c, String course, String patient, String phase, String area, int level, OffsetDateTime at, boolean withCourse) {
        return "{\"resourceType\":\"Observation\",\"extension\":[" + (withCourse ? "{\"url\":\"" + SD + "course\",\"valueReference\":{\"reference\":\""
                + course + "\"}}," : "") + "{\"url\":\"" + SD + "assessment-phase\",\"valueCoding\":{\"system\":\"" + CS + "assessment-phase\",\"code\":\""
                + phase + "\"}}],\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"" + FSIII + "\",\"code\":\"" + area + "\"}]},"
                + "\"subject\":{\"reference\":\"" + patient + "\"},\"effectiveDateTime\":\"" + at.format(INSTANT) + "\",\"performer\":[{\"reference\":\""
                + c.therapist + "\"}],\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + FSIII + "\",\"code\":\"" + LEVELS[level] + "\"}]}}";
    }

    /** Activates the course (its first meeting as period.start), then finishes or cancels it, as its {@link Citizen#ending} says. */
    void close(Citizen c, List<String[]> locations) {
        if (c.ending.equals("planned") || locations.size() <= c.courseEntry) {
            return;
        }
        String courseId = locations.get(c.courseEntry)[1];
        String patient = "Patient/" + locations.get(c.patientEntry)[1];
        String plan = c.planEntry < 0 ? "" : "ServiceRequest/" + locations.get(c.planEntry)[1];
        String active = c.courseJson.replace("{\"resourceType\":\"EpisodeOfCare\",", "{\"resourceType\":\"EpisodeOfCare\",\"id\":\"" + courseId + "\",")
                .replace("%PATIENT%", patient).replace("%PLAN%", plan).replace("%PERIOD%", "\"period\":{\"start\":\"" + c.firstMeeting.format(INSTANT) + "\"},");
        if (send("PUT", "EpisodeOfCare/" + courseId, active.replace("%END%", "").replace("%STATUS%", "active"), "1").status() != 200) {
            return;
        }
        OffsetDateTime end = c.lastPast.plusHours(2);
        if (end.isAfter(OffsetDateTime.now())) {
            end = OffsetDateTime.now().minusMinutes(1);
        }
        Random r = new Random(seed * 7_000_003L + offset + c.index);
        if (c.ending.equals("cancelled")) {
            String cancelledJson = active.replace("%STATUS%", "cancelled").replace("%END%", ",{\"url\":\"" + SD + "course-end-reason\",\"valueCodeableConcept\":"
                    + "{\"coding\":[{\"system\":\"" + KL + "\",\"code\":\"" + c.endReason + "\"}]}}")
                    .replace("\"period\":{\"start\":\"" + c.firstMeeting.format(INSTANT) + "\"}",
                            "\"period\":{\"start\":\"" + c.firstMeeting.format(INSTANT) + "\",\"end\":\"" + end.format(INSTANT) + "\"}");
            if (send("PUT", "EpisodeOfCare/" + courseId, cancelledJson, "2").status() == 200) {
                cancelled.incrementAndGet();
            }
        } else if (c.ending.equals("finished")) {
            StringBuilder params = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"endReason\",\"valueCoding\":{\"system\":\""
                    + KL + "\",\"code\":\"" + c.endReason + "\"}},{\"name\":\"end\",\"valueDateTime\":\"" + end.format(INSTANT) + "\"}");
            for (int a = 0; a < c.areas.length; a++) {
                int better = r.nextInt(100) < 70 ? 1 + r.nextInt(2) : r.nextInt(100) < 80 ? 0 : -1;
                int level = Math.max(0, Math.min(4, c.startLevels[a] - better));
                params.append(",{\"name\":\"functionalStatus\",\"resource\":").append(observation(c, null, patient, "end", AREAS[c.areas[a]], level,
                        c.lastPast.plusMinutes(50), false)).append("}");
            }
            params.append("]}");
            if (send("POST", "EpisodeOfCare/" + courseId + "/$finish", params.toString(), null).status() == 200) {
                finished.incrementAndGet();
            }
        }
    }

    static void add(StringBuilder entries, String fullUrl, String type, String resource, String ifNoneExist) {
        if (entries.length() > 0) {
            entries.append(',');
        }
        entries.append('{');
        if (fullUrl != null) {
            entries.append("\"fullUrl\":\"").append(fullUrl).append("\",");
        }
        entries.append("\"resource\":").append(resource).append(",\"request\":{\"method\":\"POST\",\"url\":\"").append(type).append('"');
        if (ifNoneExist != null) {
            entries.append(",\"ifNoneExist\":\"").append(ifNoneExist).append('"');
        }
        entries.append("}}");
    }

    static Group group(Random r) {
        int pick = r.nextInt(GROUP_WEIGHTS);
        for (Group g : GROUPS) {
            pick -= g.weight();
            if (pick < 0) {
                return g;
            }
        }
        return GROUPS.get(0);
    }

    /** A unique CPR-shaped number per citizen index: a birth date (1930–1999) and a serial. */
    static String cpr(int i) {
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(i % 25000);
        return String.format("%02d%02d%02d%04d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100, 1000 + i / 25000);
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
