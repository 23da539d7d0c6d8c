import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load driver for the rehab FHIR adapter. JDK 17 only, no dependencies:
 *
 * <pre>java bench/LoadDriver.java --base http://127.0.0.1:8080 [--clients 8] [--warmup 10] [--measure 30] ...</pre>
 *
 * Phases, each with N clients that send their next request as soon as the previous answer arrived:
 * <ol>
 *   <li>intake: POST /fhir, a transaction Bundle (Patient, Organization, Condition, ServiceRequest) with a new
 *       CPR number and a new plan identifier every time, so every request creates a new plan;</li>
 *   <li>read: GET /fhir/ServiceRequest/{id} of plans created in the intake phase;</li>
 *   <li>search: GET /fhir/ServiceRequest?patient.identifier=urn:oid:1.2.208.176.1.2|{cpr} of citizens created
 *       in the intake phase.</li>
 * </ol>
 * Each phase has warm-up seconds (answers are checked, latencies are not recorded) and then measured seconds
 * (every latency of a request started in the window is recorded; percentiles are exact, nearest-rank).
 * A non-2xx answer, a transport error, or a 2xx answer without what it must contain (the plan's location; the
 * plan's id; exactly one search match) is an error; the first error of a phase is printed with its body.
 * Bounded: each phase stops at its end time or after --max-requests requests, whichever comes first.
 *
 * With --server-pid (Linux), the server's CPU time in each measured window is read from /proc, giving the
 * server's CPU cost per request, and how much CPU the driver and everything else on the machine used meanwhile
 * (the machine is shared: "other" CPU shows how much the numbers were disturbed).
 */
public class LoadDriver {
    static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
    static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
    static final String GLN_SYSTEM = "http://www.gs1.org/gln";
    static final Pattern SR_LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"ServiceRequest/([^/\"]+)/_history/");
    static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    static final String[] GIVEN = {"Nancy", "Jens", "Mette", "Søren", "Anne", "Lars", "Kirsten", "Bjørn", "Hanne", "Åse"};
    static final String[] FAMILY = {"Berggren", "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"};
    static final String[] HOSPITALS = {"Odense Universitetshospital", "Rigshospitalet", "Aarhus Universitetshospital",
            "Aalborg Universitetshospital", "Sjællands Universitetshospital", "Herlev Hospital", "Hvidovre Hospital",
            "Regionshospitalet Viborg"};

    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(args);
        if (cfg == null) {
            return;
        }
        new LoadDriver(cfg).run();
    }

    // ---------------------------------------------------------------- configuration

    /** The Authorization header line every request carries (empty without a token). */
    static volatile String AUTHORIZATION = "";

    static final class Config {
        String base;
        int clients = 8;
        Map<String, int[]> phases = new LinkedHashMap<>(); // name -> {warmup s, measure s}
        long maxRequests = 2_000_000;
        int orgs = 5;
        int timeoutMs = 30_000;
        boolean jdkClient = false;
        long serverPid = -1;
        String dbProcess;
        int clkTck = 100;
        Path out;
        String token;

        static Config parse(String[] args) {
            Config c = new Config();
            int warmup = 10;
            int measure = 30;
            Map<String, String> perPhase = new LinkedHashMap<>();
            String only = "intake,read,search,message,ggop";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    usage();
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--base" -> c.base = v.replaceAll("/+$", "");
                    case "--clients" -> c.clients = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--measure" -> measure = Integer.parseInt(v);
                    case "--intake", "--read", "--search", "--message", "--ggop" -> perPhase.put(a.substring(2), v);
                    case "--phases" -> only = v;
                    case "--max-requests" -> c.maxRequests = Long.parseLong(v);
                    case "--orgs" -> c.orgs = Integer.parseInt(v);
                    case "--timeout-ms" -> c.timeoutMs = Integer.parseInt(v);
                    case "--http" -> c.jdkClient = switch (v) {
                        case "jdk" -> true;
                        case "plain" -> false;
                        default -> throw new IllegalArgumentException("--http is plain or jdk");
                    };
                    case "--server-pid" -> c.serverPid = Long.parseLong(v);
                    case "--db-process" -> c.dbProcess = v;
                    case "--clk-tck" -> c.clkTck = Integer.parseInt(v);
                    case "--out" -> c.out = Path.of(v);
                    case "--token" -> c.token = v;
                    default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
                }
            }
            if (c.token == null) {
                c.token = System.getenv("ADAPTER_TOKEN");
            }
            AUTHORIZATION = c.token == null || c.token.isBlank() ? "" : "Authorization: Bearer " + c.token + "\r\n";
            if (c.base == null) {
                usage();
                throw new IllegalArgumentException("--base is required");
            }
            if (c.clients < 1 || c.clients > 256 || c.orgs < 1 || warmup < 0 || measure < 1 || measure > 600 || warmup > 600) {
                throw new IllegalArgumentException("out of range: clients 1..256, orgs >= 1, warmup 0..600 s, measure 1..600 s");
            }
            for (String name : only.split(",")) {
                name = name.trim();
                if (!List.of("intake", "read", "search", "message", "ggop").contains(name)) {
                    throw new IllegalArgumentException("unknown phase " + name);
                }
                int[] wm = {warmup, measure};
                if (perPhase.containsKey(name)) {
                    String[] parts = perPhase.get(name).split(":");
                    wm = new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
                    if (wm[0] < 0 || wm[0] > 600 || wm[1] < 1 || wm[1] > 600) {
                        throw new IllegalArgumentException("--" + name + " WARMUP:MEASURE out of range (0..600:1..600)");
                    }
                }
                c.phases.put(name, wm);
            }
            if ((c.phases.containsKey("read") || c.phases.containsKey("search")) && !c.phases.containsKey("intake")) {
                throw new IllegalArgumentException("read and search use the plans the intake phase created: include intake");
            }
            return c;
        }

        static void usage() {
            System.out.println("""
                    usage: java bench/LoadDriver.java --base URL [options]
                      --base URL             server root, e.g. http://127.0.0.1:8080 (the driver adds /fhir)
                      --clients N            concurrent closed-loop clients (default 8)
                      --warmup S             warm-up seconds of every phase (default 10)
                      --measure S            measured seconds of every phase (default 30)
                      --intake W:M           warm-up:measured seconds of one phase (also --read, --search)
                      --phases LIST          phases to run, in order (default intake,read,search,message,ggop)
                      --message W:M, --ggop W:M  the plan message (POST /fhir/$process-message) and GGOP XML
                                             (POST /medcom/ggop) phases: a new citizen and plan per request,
                                             addressed to the server's default municipality (SOR 953741000016009,
                                             EAN 5790000121441); an answer other than an ok acknowledgement is an error
                      --max-requests N       stop a phase after N requests (default 2000000)
                      --orgs N               hospital organisations reused across plans (default 5)
                      --timeout-ms MS        per-request timeout (default 30000)
                      --token JWT            bearer token sent with every request (default: $ADAPTER_TOKEN);
                                             run.sh mints one with the jar's token command
                      --http plain|jdk       plain: one keep-alive socket per client (default, cheapest);
                                             jdk: java.net.http.HttpClient (about 3x the driver CPU per request)
                      --server-pid PID       read the server's CPU time from /proc (Linux) for CPU per request
                      --db-process NAME      also count the CPU of every process named NAME (e.g. postgres) as the
                                             database's (dbCPU/r; PostgreSQL's work is not in the server's CPU)
                      --clk-tck N            clock ticks per second of /proc/*/stat (default 100; getconf CLK_TCK)
                      --out FILE             also write the results as key=value lines to FILE""");
        }
    }

    // ---------------------------------------------------------------- run

    private final Config cfg;
    private final HttpClient http;
    private final List<String> planIds = new ArrayList<>();
    private final List<String> cprs = new ArrayList<>();
    private final AtomicLong cprSeq = new AtomicLong();
    private final long cprDayOffset;
    private final String[][] orgs;
    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
    private final List<String> results = new ArrayList<>();

    LoadDriver(Config cfg) {
        this.cfg = cfg;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        // CPR numbers: DDMMYY of a day between 1940 and 1999 (no 29 February of a year 00 problem), then 4 digits.
        // A random day offset per run keeps runs against the same database apart.
        this.cprDayOffset = ThreadLocalRandom.current().nextLong(0, 15_000);
        this.orgs = new String[cfg.orgs][];
        for (int k = 0; k < cfg.orgs; k++) {
            String sor = String.valueOf(265_161_000_016_000L + 1_000L * k); // SOR ids are 11-18 digits
            String glnBase = "579000" + String.format("%06d", 135_414 + k);
            orgs[k] = new String[] {sor, glnBase + glnCheckDigit(glnBase),
                    HOSPITALS[k % HOSPITALS.length] + (k >= HOSPITALS.length ? " " + (k / HOSPITALS.length + 1) : "")
                            + ", Ortopædkirurgisk Afdeling"};
        }
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "LoadDriver: base=%s clients=%d orgs=%d phases=%s%n", cfg.base, cfg.clients, cfg.orgs,
                describePhases());
        checkReachable();
        List<PhaseResult> all = new ArrayList<>();
        for (Map.Entry<String, int[]> phase : cfg.phases.entrySet()) {
            Op op = switch (phase.getKey()) {
                case "intake" -> this::intake;
                case "read" -> this::read;
                case "message" -> this::message;
                case "ggop" -> this::ggop;
                default -> this::search;
            };
            if ((phase.getKey().equals("read") || phase.getKey().equals("search")) && planIds.isEmpty()) {
                System.out.println("phase " + phase.getKey() + " skipped: the intake phase created no plans");
                continue;
            }
            PhaseResult r = runPhase(phase.getKey(), phase.getValue()[0], phase.getValue()[1], op);
            all.add(r);
            printPhase(r);
        }
        System.out.println();
        System.out.println(header());
        for (PhaseResult r : all) {
            System.out.println(row(r));
        }
        for (PhaseResult r : all) {
            if (r.firstError.get() != null) {
                System.out.println("first error of " + r.name + ": " + r.firstError.get());
            }
        }
        if (cfg.out != null) {
            Files.write(cfg.out, results, StandardCharsets.UTF_8);
        }
        long errors = all.stream().mapToLong(r -> r.errors.get() + r.warmupErrors.get()).sum();
        System.exit(errors > 0 ? 2 : 0);
    }

    private String describePhases() {
        StringBuilder sb = new StringBuilder();
        cfg.phases.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('(').append(v[0]).append("s+")
                .append(v[1]).append("s)"));
        return sb.toString();
    }

    private void checkReachable() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cfg.base + "/fhir/metadata"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET /fhir/metadata answered " + r.statusCode() + ": " + abbreviate(r.body()));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the server at " + cfg.base + " does not answer: " + e, e);
        }
    }

    // ---------------------------------------------------------------- phases

    /** One request of a phase; returns null when the answer is as expected, else what was wrong (with the body). */
    @FunctionalInterface
    interface Op {
        String call(Client client) throws Exception;
    }

    /** One closed-loop client: its latencies and what it created. */
    static final class Client {
        long[] latencies = new long[4096];
        int n;
        final List<String> createdIds = new ArrayList<>();
        final List<String> createdCprs = new ArrayList<>();
        long lastEnd;
        PlainHttp.Connection connection;

        void record(long nanos) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = nanos;
        }
    }

    static final class PhaseResult {
        final String name;
        final int clients;
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong warmupRequests = new AtomicLong();
        final AtomicLong warmupErrors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        long[] sorted;
        double seconds;
        CpuWindow cpu;

        PhaseResult(String name, int clients) {
            this.name = name;
            this.clients = clients;
        }

        long requests() {
            return ok.get() + errors.get();
        }

        double pct(double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    private PhaseResult runPhase(String name, int warmupS, int measureS, Op op) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== %s: %d clients, %d s warm-up + %d s measured%n", name, cfg.clients, warmupS, measureS);
        PhaseResult result = new PhaseResult(name, cfg.clients);
        long start = System.nanoTime();
        long measureStart = start + warmupS * 1_000_000_000L;
        long measureEnd = measureStart + measureS * 1_000_000_000L;
        AtomicLong started = new AtomicLong();
        Client[] clients = new Client[cfg.clients];
        Thread[] threads = new Thread[cfg.clients];
        CpuSample[] cpuStart = new CpuSample[1];
        Thread cpuWatcher = new Thread(() -> {
            try {
                long sleep = (measureStart - System.nanoTime()) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
                cpuStart[0] = CpuSample.take(cfg.serverPid, cfg.dbProcess);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-watcher");
        cpuWatcher.setDaemon(true);
        cpuWatcher.start();
        for (int c = 0; c < cfg.clients; c++) {
            Client client = new Client();
            clients[c] = client;
            threads[c] = new Thread(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd || started.incrementAndGet() > cfg.maxRequests) {
                        break;
                    }
                    boolean measured = t0 >= measureStart;
                    String problem;
                    try {
                        problem = op.call(client);
                    } catch (Exception e) {
                        problem = "transport error: " + e;
                    }
                    long t1 = System.nanoTime();
                    if (measured) {
                        client.record(t1 - t0);
                        client.lastEnd = t1;
                        (problem == null ? result.ok : result.errors).incrementAndGet();
                    } else {
                        result.warmupRequests.incrementAndGet();
                        if (problem != null) {
                            result.warmupErrors.incrementAndGet();
                        }
                    }
                    if (problem != null) {
                        result.firstError.compareAndSet(null, (measured ? "" : "(warm-up) ") + problem);
                    }
                }
            }, name + "-client-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        cpuWatcher.join(1000);
        CpuSample cpuEnd = CpuSample.take(cfg.serverPid, cfg.dbProcess);
        int total = 0;
        long lastEnd = measureStart;
        for (Client c : clients) {
            total += c.n;
            lastEnd = Math.max(lastEnd, c.lastEnd);
        }
        long[] all = new long[total];
        int at = 0;
        for (Client c : clients) {
            System.arraycopy(c.latencies, 0, all, at, c.n);
            at += c.n;
            synchronized (planIds) {
                planIds.addAll(c.createdIds);
                cprs.addAll(c.createdCprs);
            }
        }
        Arrays.sort(all);
        result.sorted = all;
        result.seconds = Math.max(1e-9, (lastEnd - measureStart) / 1e9);
        if (cpuStart[0] != null && cpuEnd != null) {
            result.cpu = CpuWindow.of(cpuStart[0], cpuEnd, cfg.clkTck);
        }
        return result;
    }

    private String intake(Client client) throws Exception {
        String cpr = nextCpr();
        String planId = "urn:uuid:" + UUID.randomUUID();
        String[] org = orgs[ThreadLocalRandom.current().nextInt(orgs.length)];
        String body = bundle(cpr, planId, org);
        Answer r = exchange(client, "POST", "/fhir", FHIR_JSON, body);
        if (r.statusCode() / 100 != 2) {
            return "HTTP " + r.statusCode() + ": " + abbreviate(r.body());
        }
        Matcher m = SR_LOCATION.matcher(r.body());
        if (!m.find()) {
            return "HTTP " + r.statusCode() + " without a ServiceRequest location: " + abbreviate(r.body());
        }
        client.createdIds.add(m.group(1));
        client.createdCprs.add(cpr);
        return null;
    }

    static final Pattern ACK_OK = Pattern.compile("\"code\"\\s*:\\s*\"ok\"");

    /** A FHIR plan message (rehab-plan-message) with a new citizen and plan, to $process-message. */
    private String message(Client client) throws Exception {
        String cpr = nextCpr();
        String[] org = orgs[ThreadLocalRandom.current().nextInt(orgs.length)];
        String id = UUID.randomUUID().toString();
        String base = "https://hospital.example/fhir/";
        String discharge = today.minusDays(1).toString();
        String body = "{\"resourceType\":\"Bundle\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"message\",\"timestamp\":\"2026-11-30T10:00:00+01:00\",\"entry\":["
                + "{\"fullUrl\":\"" + base + "MessageHeader/" + id + "\",\"resource\":{\"resourceType\":\"MessageHeader\",\"id\":\"" + id + "\","
                + "\"eventCoding\":{\"system\":\"http://rehab-adapter.dk/fhir/CodeSystem/message-events\",\"code\":\"rehabilitation-plan\"},"
                + "\"destination\":[{\"extension\":[{\"url\":\"http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension\","
                + "\"valueCoding\":{\"system\":\"http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse\",\"code\":\"primary\"}}],"
                + "\"endpoint\":\"https://sor2.sum.dsdn.dk/#id=953741000016009\",\"receiver\":{\"reference\":\"Organization/m\"}}],"
                + "\"sender\":{\"reference\":\"Organization/h\"},\"source\":{\"endpoint\":\"https://sor2.sum.dsdn.dk/#id=" + org[0] + "\"},"
                + "\"focus\":[{\"reference\":\"ServiceRequest/p\"}]}},"
                + "{\"fullUrl\":\"" + base + "Provenance/v\",\"resource\":{\"resourceType\":\"Provenance\",\"id\":\"v\",\"target\":[{\"reference\":\"MessageHeader/" + id + "\"}],"
                + "\"occurredDateTime\":\"2026-11-30T10:00:00+01:00\",\"recorded\":\"2026-11-30T10:00:00+01:00\",\"activity\":{\"coding\":[{\"system\":"
                + "\"http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes\",\"code\":\"new-message\"}]},\"agent\":[{\"who\":{\"reference\":\"Organization/h\"}}]}},"
                + "{\"fullUrl\":\"" + base + "Organization/h\",\"resource\":{\"resourceType\":\"Organization\",\"id\":\"h\",\"identifier\":[{\"system\":\""
                + SOR_SYSTEM + "\",\"value\":\"" + org[0] + "\"},{\"system\":\"" + GLN_SYSTEM + "\",\"value\":\"" + org[1] + "\"}],\"name\":\"" + org[2] + "\"}},"
                + "{\"fullUrl\":\"" + base + "Organization/m\",\"resource\":{\"resourceType\":\"Organization\",\"id\":\"m\",\"identifier\":[{\"system\":\""
                + SOR_SYSTEM + "\",\"value\":\"953741000016009\"},{\"system\":\"" + GLN_SYSTEM + "\",\"value\":\"5790000121441\"}],\"name\":\"Genoptræningen\"}},"
                + "{\"fullUrl\":\"" + base + "Patient/c\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"c\",\"identifier\":[{\"system\":\"" + CPR_SYSTEM
                + "\",\"value\":\"" + cpr + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + FAMILY[ThreadLocalRandom.current().nextInt(FAMILY.length)]
                + "\",\"given\":[\"" + GIVEN[ThreadLocalRandom.current().nextInt(GIVEN.length)] + "\"]}]}},"
                + "{\"fullUrl\":\"" + base + "Condition/d\",\"resource\":{\"resourceType\":\"Condition\",\"id\":\"d\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:oid:1.2.208.176.2.4.12\",\"code\":\"DS720\"}]},\"subject\":{\"reference\":\"Patient/c\"}}},"
                + "{\"fullUrl\":\"" + base + "ServiceRequest/p\",\"resource\":{\"resourceType\":\"ServiceRequest\",\"id\":\"p\","
                + "\"extension\":[{\"url\":\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\",\"valueDate\":\"" + discharge + "\"}],"
                + "\"identifier\":[{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"urn:uuid:" + UUID.randomUUID() + "\"}],\"status\":\"active\",\"intent\":\"plan\","
                + "\"category\":[{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"ffd81f78-352e-4589-a195-5350dd1df2a4\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},"
                + "\"subject\":{\"reference\":\"Patient/c\"},\"requester\":{\"reference\":\"Organization/h\"},\"performer\":[{\"reference\":\"Organization/m\"}],"
                + "\"reasonReference\":[{\"reference\":\"Condition/d\"}]}}]}";
        return acknowledged(exchange(client, "POST", "/fhir/$process-message", FHIR_JSON, body));
    }

    /** A MedCom GGOP (OIOXML) with a new citizen and plan, to /medcom/ggop. */
    private String ggop(Client client) throws Exception {
        String cpr = nextCpr();
        String[] org = orgs[ThreadLocalRandom.current().nextInt(orgs.length)];
        long n = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Emessage xmlns=\"urn:oio:medcom:municipality:1.0.4\" xmlns:mm100=\"urn:oio:medcom:municipality:1.0.0\">"
                + "<Envelope xmlns=\"urn:oio:medcom:municipality:1.0.0\"><Sent><Date>2026-11-30</Date><Time>10:00</Time></Sent><Identifier>" + n
                + "</Identifier><AcknowledgementCode>plustransportkvitt</AcknowledgementCode></Envelope><RehabilitationPlan>"
                + "<Letter><Identifier>" + UUID.randomUUID().toString().replace("-", "") + "</Identifier><VersionCode>GGOP100</VersionCode><StatisticalCode>GGOP1</StatisticalCode>"
                + "<Authorisation><mm100:Date>2026-11-30</mm100:Date><mm100:Time>09:00</mm100:Time></Authorisation><TypeCode>GGOP</TypeCode></Letter>"
                + "<Sender><mm100:EANIdentifier>" + org[1] + "</mm100:EANIdentifier><mm100:Identifier>4202360</mm100:Identifier><IdentifierCode>sygehusafdelingsnummer</IdentifierCode>"
                + "<mm100:OrganisationName>" + org[2] + "</mm100:OrganisationName><SignedBy><PersonGivenName>Eva</PersonGivenName><PersonSurnameName>Terapeut</PersonSurnameName></SignedBy></Sender>"
                + "<Receiver><mm100:EANIdentifier>5790000121441</mm100:EANIdentifier><mm100:Identifier>461</mm100:Identifier><IdentifierCode>kommunenummer</IdentifierCode>"
                + "<mm100:OrganisationName>Kommunen</mm100:OrganisationName></Receiver><GPCCReceiver><Deselected/></GPCCReceiver>"
                + "<Patient><mm100:CivilRegistrationNumber>" + cpr + "</mm100:CivilRegistrationNumber><mm100:PersonSurnameName>"
                + FAMILY[ThreadLocalRandom.current().nextInt(FAMILY.length)] + "</mm100:PersonSurnameName><mm100:PersonGivenName>"
                + GIVEN[ThreadLocalRandom.current().nextInt(GIVEN.length)] + "</mm100:PersonGivenName><mm100:StreetName>Vejen 1</mm100:StreetName>"
                + "<mm100:DistrictName>Byen</mm100:DistrictName><mm100:PostCodeIdentifier>2635</mm100:PostCodeIdentifier></Patient>"
                + "<TypeOfRehabilitationPlan>almen</TypeOfRehabilitationPlan><ConsentInformed>ja</ConsentInformed>"
                + "<RehabilitationDeadline>Snarest</RehabilitationDeadline><CurrentHospitalContact><Start><Date>" + today.minusDays(6)
                + "</Date><Time>10:00</Time></Start><ExpectedEnd><Date>" + today.minusDays(1) + "</Date><Time>12:00</Time></ExpectedEnd></CurrentHospitalContact>"
                + "<AbilityAtDischargeSummary>Går med rollator</AbilityAtDischargeSummary>"
                + "<ICD10Diagnoses><ICD10Diagnose><PrimaryDiagnosis><Code>DS720</Code><TypeCode>ICD10kode</TypeCode><Text>Brud på lårbenshals</Text></PrimaryDiagnosis></ICD10Diagnose></ICD10Diagnoses>"
                + "<FinalResult><ResultReceiver><mm100:EANIdentifier>" + org[1] + "</mm100:EANIdentifier><mm100:OrganisationName>" + org[2]
                + "</mm100:OrganisationName></ResultReceiver></FinalResult></RehabilitationPlan></Emessage>";
        return acknowledged(exchange(client, "POST", "/medcom/ggop", "application/xml", xml));
    }

    private static String acknowledged(Answer r) {
        if (r.statusCode() != 200 || !ACK_OK.matcher(r.body()).find()) {
            return "HTTP " + r.statusCode() + " without an ok acknowledgement: " + abbreviate(r.body());
        }
        return null;
    }

    private String read(Client client) throws Exception {
        String id = pick(planIds);
        Answer r = exchange(client, "GET", "/fhir/ServiceRequest/" + id, null, null);
        if (r.statusCode() / 100 != 2) {
            return "HTTP " + r.statusCode() + " for ServiceRequest/" + id + ": " + abbreviate(r.body());
        }
        if (!r.body().contains("\"id\":\"" + id + "\"")) {
            return "HTTP " + r.statusCode() + " but not ServiceRequest/" + id + ": " + abbreviate(r.body());
        }
        return null;
    }

    private String search(Client client) throws Exception {
        String cpr = pick(cprs);
        String query = "patient.identifier=" + URLEncoder.encode(CPR_SYSTEM + "|" + cpr, StandardCharsets.UTF_8);
        Answer r = exchange(client, "GET", "/fhir/ServiceRequest?" + query, null, null);
        if (r.statusCode() / 100 != 2) {
            return "HTTP " + r.statusCode() + " for ?" + query + ": " + abbreviate(r.body());
        }
        Matcher m = TOTAL.matcher(r.body());
        if (!m.find() || !m.group(1).equals("1")) {
            return "HTTP " + r.statusCode() + " but not exactly 1 match for ?" + query + ": " + abbreviate(r.body());
        }
        return null;
    }

    /** An HTTP answer: status and body, from either client. */
    record Answer(int statusCode, String body) {
    }

    /**
     * One request over the client's own keep-alive connection ({@link PlainHttp}, the default), or over the JDK's
     * {@code java.net.http} client ({@code --http jdk}), which costs the driver about three times the CPU per
     * request; on 2 cores that CPU is taken from the server under test.
     */
    private static final String FHIR_JSON = "application/fhir+json; charset=UTF-8";

    private Answer exchange(Client client, String method, String path, String contentType, String body) throws Exception {
        if (cfg.jdkClient) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cfg.base + path))
                    .timeout(Duration.ofMillis(cfg.timeoutMs))
                    .header("Accept", "application/fhir+json");
            if (cfg.token != null && !cfg.token.isBlank()) {
                b.header("Authorization", "Bearer " + cfg.token);
            }
            if (body != null) {
                b.header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                b.GET();
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        }
        if (client.connection == null || client.connection.closed) {
            client.connection = PlainHttp.connect(URI.create(cfg.base), cfg.timeoutMs);
        }
        try {
            return client.connection.exchange(method, path, contentType, body);
        } catch (IOException e) {
            client.connection.close();
            client.connection = null;
            throw e;
        }
    }

    private String pick(List<String> list) {
        // planIds/cprs are only appended between phases, so reading them during a phase is safe.
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    // ---------------------------------------------------------------- request bodies

    private String nextCpr() {
        long n = cprSeq.getAndIncrement();
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays((cprDayOffset + n / 10_000) % 21_900);
        return String.format(Locale.ROOT, "%02d%02d%02d%04d", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, n % 10_000);
    }

    static int glnCheckDigit(String twelve) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = twelve.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        return (10 - sum % 10) % 10;
    }

    private String bundle(String cpr, String planId, String[] org) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String patient = "urn:uuid:" + UUID.randomUUID();
        String organization = "urn:uuid:" + UUID.randomUUID();
        String condition = "urn:uuid:" + UUID.randomUUID();
        String plan = "urn:uuid:" + UUID.randomUUID();
        String discharge = today.minusDays(rnd.nextInt(0, 4)).format(DateTimeFormatter.ISO_LOCAL_DATE);
        String given = GIVEN[rnd.nextInt(GIVEN.length)];
        String family = FAMILY[rnd.nextInt(FAMILY.length)];
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"fullUrl\":\"" + patient + "\",\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
                + CPR_SYSTEM + "\",\"value\":\"" + cpr + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + family
                + "\",\"given\":[\"" + given + "\"]}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier="
                + CPR_SYSTEM + "|" + cpr + "\"}},"
                + "{\"fullUrl\":\"" + organization + "\",\"resource\":{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\""
                + SOR_SYSTEM + "\",\"value\":\"" + org[0] + "\"},{\"system\":\"" + GLN_SYSTEM + "\",\"value\":\"" + org[1]
                + "\"}],\"name\":\"" + org[2] + "\"},\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}},"
                + "{\"fullUrl\":\"" + condition + "\",\"resource\":{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:oid:1.2.208.176.2.4.12\",\"code\":\"DS720\",\"display\":\"Brud på lårbenshals\"}]},\"subject\":{\"reference\":\""
                + patient + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}},"
                + "{\"fullUrl\":\"" + plan + "\",\"resource\":{\"resourceType\":\"ServiceRequest\","
                + "\"extension\":[{\"url\":\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\",\"valueDate\":\"" + discharge + "\"}],"
                + "\"identifier\":[{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"" + planId + "\"}],"
                + "\"status\":\"active\",\"intent\":\"plan\","
                + "\"category\":[{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"ffd81f78-352e-4589-a195-5350dd1df2a4\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},"
                + "\"subject\":{\"reference\":\"" + patient + "\"},"
                + "\"requester\":{\"reference\":\"" + organization + "\"},"
                + "\"reasonReference\":[{\"reference\":\"" + condition + "\"}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"ServiceRequest\",\"ifNoneExist\":\"identifier=urn:ietf:rfc:3986|" + planId + "\"}}]}";
    }

    // ---------------------------------------------------------------- CPU accounting (Linux /proc)

    /** CPU ticks of the server, of the database processes, of this driver and of the whole machine at one moment. */
    record CpuSample(long wallNanos, long server, long db, long driver, long machineBusy, long machineTotal) {
        static CpuSample take(long serverPid, String dbProcess) {
            try {
                long server = serverPid > 0 ? procTicks(Path.of("/proc/" + serverPid + "/stat")) : -1;
                long db = dbProcess == null ? -1 : processTicks(dbProcess);
                long driver = procTicks(Path.of("/proc/self/stat"));
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user nice system idle iowait irq softirq steal
                    total += Long.parseLong(cpu[i]);
                }
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
                return new CpuSample(System.nanoTime(), server, db, driver, total - idle, total);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** CPU ticks of every process whose name (comm) is {@code name}; processes that end meanwhile are lost. */
        private static long processTicks(String name) throws IOException {
            long sum = 0;
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path dir : dirs) {
                    try {
                        String s = Files.readString(dir.resolve("stat"));
                        String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                        if (comm.equals(name)) {
                            sum += procTicks(dir.resolve("stat"));
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we looked
                    }
                }
            }
            return sum;
        }

        private static long procTicks(Path stat) throws IOException {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        }
    }

    /** CPU used in a measured window, in cores (1.0 = one core busy the whole window). */
    record CpuWindow(double seconds, double serverCores, double driverCores, double otherCores, double serverCpuSeconds,
                     double dbCpuSeconds) {
        static CpuWindow of(CpuSample a, CpuSample b, int clkTck) {
            double seconds = (b.wallNanos() - a.wallNanos()) / 1e9;
            double server = a.server() < 0 ? Double.NaN : (b.server() - a.server()) / (double) clkTck;
            double driver = (b.driver() - a.driver()) / (double) clkTck;
            double busy = (b.machineBusy() - a.machineBusy()) / (double) clkTck;
            double db = a.db() < 0 ? Double.NaN : (b.db() - a.db()) / (double) clkTck;
            double other = busy - driver - (Double.isNaN(server) ? 0 : server) - (Double.isNaN(db) ? 0 : db);
            return new CpuWindow(seconds, server / seconds, driver / seconds, Math.max(0, other) / seconds, server, db);
        }
    }

    // ---------------------------------------------------------------- output

    private static String header() {
        return String.format(Locale.ROOT, "%-7s %7s %8s %6s %9s %8s %8s %8s %8s %8s %8s %7s %7s",
                "phase", "clients", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "srvCPU/r", "dbCPU/r", "drvCPU", "othCPU");
    }

    private String row(PhaseResult r) {
        String srv = r.cpu == null || Double.isNaN(r.cpu.serverCpuSeconds()) ? "-"
                : String.format(Locale.ROOT, "%.2fms", 1000 * r.cpu.serverCpuSeconds() / Math.max(1, r.requests()));
        String db = r.cpu == null || Double.isNaN(r.cpu.dbCpuSeconds()) ? "-"
                : String.format(Locale.ROOT, "%.2fms", 1000 * r.cpu.dbCpuSeconds() / Math.max(1, r.requests()));
        return String.format(Locale.ROOT, "%-7s %7d %8d %6d %9.1f %8.2f %8.2f %8.2f %8.2f %8s %8s %7s %7s",
                r.name, r.clients, r.requests(), r.errors.get(), r.ok.get() / r.seconds, r.pct(0.50), r.pct(0.90),
                r.pct(0.99), r.sorted.length == 0 ? Double.NaN : r.sorted[r.sorted.length - 1] / 1e6, srv, db,
                r.cpu == null ? "-" : String.format(Locale.ROOT, "%.2f", r.cpu.driverCores()),
                r.cpu == null ? "-" : String.format(Locale.ROOT, "%.2f", r.cpu.otherCores()));
    }

    private void printPhase(PhaseResult r) {
        System.out.println(header());
        System.out.println(row(r));
        if (r.warmupErrors.get() > 0) {
            System.out.println("warm-up: " + r.warmupRequests.get() + " requests, " + r.warmupErrors.get() + " errors");
        }
        if (r.firstError.get() != null) {
            System.out.println("first error: " + r.firstError.get());
        }
        StringBuilder kv = new StringBuilder();
        kv.append("phase=").append(r.name)
                .append(" clients=").append(r.clients)
                .append(" requests=").append(r.requests())
                .append(" ok=").append(r.ok.get())
                .append(" errors=").append(r.errors.get())
                .append(" warmup_requests=").append(r.warmupRequests.get())
                .append(" warmup_errors=").append(r.warmupErrors.get())
                .append(String.format(Locale.ROOT, " seconds=%.3f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f",
                        r.seconds, r.ok.get() / r.seconds, r.pct(0.50), r.pct(0.90), r.pct(0.99),
                        r.sorted.length == 0 ? Double.NaN : r.sorted[r.sorted.length - 1] / 1e6));
        if (r.cpu != null) {
            kv.append(String.format(Locale.ROOT, " server_cores=%.2f server_cpu_ms_per_req=%.3f driver_cores=%.2f other_cores=%.2f",
                    r.cpu.serverCores(), 1000 * r.cpu.serverCpuSeconds() / Math.max(1, r.requests()), r.cpu.driverCores(),
                    r.cpu.otherCores()));
            if (!Double.isNaN(r.cpu.dbCpuSeconds())) {
                kv.append(String.format(Locale.ROOT, " db_cpu_ms_per_req=%.3f", 1000 * r.cpu.dbCpuSeconds() / Math.max(1, r.requests())));
            }
        }
        results.add(kv.toString());
        System.out.println("RESULT " + kv);
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= 1500 ? flat : flat.substring(0, 1500) + "... (" + flat.length() + " chars)";
    }
    /**
     * A minimal blocking HTTP/1.1 client for the driver: one persistent connection per client thread, the request
     * written in one go, the answer read by Content-Length or chunked transfer coding. Nothing else of HTTP is
     * needed against this server.
     */
    static final class PlainHttp {
        private PlainHttp() {
        }

        static Connection connect(URI base, int timeoutMs) throws IOException {
            java.net.Socket socket = new java.net.Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort()), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            String prefix = base.getPath() == null ? "" : base.getPath();
            return new Connection(socket, base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort()), prefix);
        }

        static final class Connection {
            private final java.net.Socket socket;
            private final java.io.InputStream in;
            private final java.io.OutputStream out;
            private final String host;
            private final String prefix;

            Connection(java.net.Socket socket, String host, String prefix) throws IOException {
                this.socket = socket;
                this.in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
                this.out = socket.getOutputStream();
                this.host = host;
                this.prefix = prefix;
            }

            Answer exchange(String method, String path, String contentType, String body) throws IOException {
                byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(256).append(method).append(' ').append(prefix).append(path)
                        .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nAccept: application/fhir+json\r\n").append(AUTHORIZATION);
                if (content != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ")
                            .append(content.length).append("\r\n");
                }
                head.append("\r\n");
                byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = content == null ? h : Arrays.copyOf(h, h.length + content.length);
                if (content != null) {
                    System.arraycopy(content, 0, all, h.length, content.length);
                }
                out.write(all);
                out.flush();
                String status = line();
                if (status == null || !status.startsWith("HTTP/1.1 ")) {
                    throw new IOException("not an HTTP/1.1 answer: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close");
                        default -> { }
                    }
                }
                java.io.ByteArrayOutputStream bodyOut = new java.io.ByteArrayOutputStream(4096);
                if (chunked) {
                    for (long size = chunkSize(); size > 0; size = chunkSize()) {
                        copy(size, bodyOut);
                        line();
                    }
                    for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                        // trailers are ignored
                    }
                } else if (length >= 0) {
                    copy(length, bodyOut);
                } else {
                    in.transferTo(bodyOut);
                    close = true;
                }
                if (close) {
                    // the server ends the connection after this answer (Tomcat: every 100 requests); the next
                    // request opens a new one
                    close();
                }
                return new Answer(code, bodyOut.toString(StandardCharsets.UTF_8));
            }

            private long chunkSize() throws IOException {
                String line = line();
                if (line == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int semi = line.indexOf(';');
                return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            }

            private void copy(long n, java.io.ByteArrayOutputStream to) throws IOException {
                byte[] buf = new byte[8192];
                while (n > 0) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                    if (r < 0) {
                        throw new IOException("connection closed inside a body");
                    }
                    to.write(buf, 0, r);
                    n -= r;
                }
            }

            private String line() throws IOException {
                StringBuilder sb = new StringBuilder(64);
                for (int c = in.read(); c >= 0; c = in.read()) {
                    if (c == '\n') {
                        int len = sb.length();
                        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                    }
                    sb.append((char) c);
                }
                return sb.length() == 0 ? null : sb.toString();
            }

            boolean closed;

            void close() {
                closed = true;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
        }
    }
}
