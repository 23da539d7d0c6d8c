package dk.rehab.adapter.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash test: unique plans, as FHIR transaction Bundles ({@code POST /fhir}) and as plan messages
 * ({@code POST /fhir/$process-message}), from several client threads against a server that is killed with SIGKILL
 * at random moments and started again on the same database. JDK only, no dependencies, so the same file runs
 * from {@code bench/crash.sh} ({@code java src/test/java/dk/rehab/adapter/crash/CrashDriver.java ...}) and from the
 * JUnit test {@code CrashTests} (in-process), one place for the logic.
 *
 * <ol>
 *   <li><b>load</b>: every plan is sent once; an answer that is not a 2xx (for a message: not an {@code ok}
 *       acknowledgement) or no answer (the server was killed meanwhile) is sent again after the server is back, as a
 *       hospital would, at most {@value #ATTEMPTS} times. Meanwhile the server is killed {@code --kills} times, each
 *       a random few milliseconds after a random request number between 10 % and 90 % of the plans, and started
 *       again on the same database;</li>
 *   <li><b>kill -9 once more</b> right after the last answer, and start again: every acknowledgement is checked after
 *       a crash, the last ones included;</li>
 *   <li><b>check</b>: every acknowledged plan is found by its identifier (ServiceRequest, exactly 1) and its citizen
 *       by CPR number (Patient, exactly 1; searched with {@code POST _search}, so no CPR number is in a URL). 0 found
 *       = lost, more than 1 = duplicated;</li>
 *   <li><b>resend</b>: every plan and message again (acknowledged or not), each must be acknowledged;</li>
 *   <li><b>count</b>: for every plan exactly one ServiceRequest per plan identifier and one Patient per CPR number.</li>
 * </ol>
 * It prints one summary line and exits 1 on any loss, duplicate, refused plan, failed resend or missed kill.
 *
 * <pre>java src/test/java/dk/rehab/adapter/crash/CrashDriver.java --plans 10000 --kills 3 --clients 4 --work DIR \
 *     -- java -jar target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar --spring.datasource.url=...</pre>
 * Everything after {@code --} is the server's command line; the driver adds {@code --server.port=<free port>} and
 * starts it in {@code --work} (its output goes to {@code server.log} there).
 */
public final class CrashDriver {
    static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
    static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
    static final String GLN_SYSTEM = "http://www.gs1.org/gln";
    static final String PLAN_SYSTEM = "urn:ietf:rfc:3986";
    static final int ATTEMPTS = 5;
    private static final Pattern SR_LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"ServiceRequest/[^/\"]+/_history/");
    private static final Pattern ACK_CODE = Pattern.compile("\"response\"\\s*:\\s*\\{[^}]*?\"code\"\\s*:\\s*\"([a-z-]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final String FHIR_JSON = "application/fhir+json; charset=UTF-8";
    private static final String FORM = "application/x-www-form-urlencoded";

    /** What to run. {@code serverCommand} is the server's command line without the port. */
    public record Options(int plans, int kills, int clients, List<String> serverCommand, Path work, long seed,
                          Consumer<String> log) {
    }

    /** The figures of one run. */
    public record Result(int sent, int transactions, int messages, int acknowledged, int resentAfterNoAnswer, int unanswered, int refused,
                         int lost, int duplicated, int resendFailed, int kills, int killsAsked, double seconds,
                         List<String> problems) {
        public boolean passed() {
            return lost == 0 && duplicated == 0 && refused == 0 && resendFailed == 0 && kills == killsAsked && sent > 0;
        }

        public String summary() {
            return String.format(Locale.ROOT, "crash test: %s sent=%d (transactions=%d messages=%d) acknowledged=%d "
                            + "(%d of them sent again after no answer) unanswered=%d refused=%d lost=%d duplicated=%d "
                            + "resend-failed=%d kills=%d/%d wall=%.1fs",
                    passed() ? "PASS" : "FAIL", sent, transactions, messages, acknowledged, resentAfterNoAnswer, unanswered, refused, lost,
                    duplicated, resendFailed, kills, killsAsked, seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        int plans = 1000;
        int kills = 3;
        int clients = 4;
        Path work = null;
        long seed = System.nanoTime();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String v = args[++i];
            switch (args[i - 1]) {
                case "--plans" -> plans = Integer.parseInt(v);
                case "--kills" -> kills = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--work" -> work = Path.of(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
                        + " (--plans N --kills K --clients C --work DIR [--seed S] -- SERVER COMMAND...)");
            }
        }
        if (command.isEmpty() || work == null) {
            throw new IllegalArgumentException("usage: CrashDriver --plans N --kills K --clients C --work DIR -- SERVER COMMAND...");
        }
        Result result = run(new Options(plans, kills, clients, command, work, seed,
                line -> System.out.println("[crash] " + line)));
        result.problems().stream().limit(10).forEach(p -> System.out.println("[crash] problem: " + p));
        System.out.println(result.summary());
        System.exit(result.passed() ? 0 : 1);
    }

    // ---------------------------------------------------------------- the run

    /** One plan: a transaction or a message, its body kept so that the resend is the same request byte for byte. */
    static final class Item {
        final boolean message;
        final String cpr;
        final String planIdentifier;
        final String body;
        volatile boolean sent;
        volatile boolean acknowledged;
        volatile boolean refused;
        volatile boolean noAnswer;

        Item(boolean message, String cpr, String planIdentifier, String body) {
            this.message = message;
            this.cpr = cpr;
            this.planIdentifier = planIdentifier;
            this.body = body;
        }
    }

    public static Result run(Options o) throws Exception {
        if (o.plans() < 1 || o.kills() < 0 || o.clients() < 1) {
            throw new IllegalArgumentException("plans >= 1, kills >= 0, clients >= 1");
        }
        long t0 = System.nanoTime();
        Random random = new Random(o.seed());
        Item[] items = items(o.plans(), random);
        ConcurrentLinkedQueue<String> problemQueue = new ConcurrentLinkedQueue<>();
        Files.createDirectories(o.work());
        Server server = new Server(o.serverCommand(), o.work(), freePort(), o.log());
        o.log().accept(String.format(Locale.ROOT, "%d plans (%d transactions, %d messages), %d clients, %d kills, seed %d, server log %s",
                items.length, count(items, false), count(items, true), o.clients(), o.kills(), o.seed(), server.log));
        int killsDone = 0;
        try {
            server.start();
            // 1. the load, with kills at random request numbers
            int[] killAt = new int[o.kills()];
            for (int k = 0; k < killAt.length; k++) {
                killAt[k] = (int) (items.length * (0.1 + 0.8 * random.nextDouble()));
            }
            Arrays.sort(killAt);
            AtomicInteger next = new AtomicInteger();
            Thread killer = new Thread(() -> killAtRandomMoments(server, next, killAt, new Random(random.nextLong()), o.log(), problemQueue),
                    "crash-killer");
            killer.start();
            parallel(o.clients(), items.length, next, i -> {
                Item item = items[i];
                item.sent = true;
                Outcome outcome = sendUntilAnswered(server, item, problemQueue);
                item.acknowledged = outcome == Outcome.ACKNOWLEDGED;
                item.refused = outcome == Outcome.REFUSED;
            });
            killer.join();
            killsDone = server.kills;
            int acknowledged = 0;
            int resentAfterNoAnswer = 0;
            int unanswered = 0;
            int refused = 0;
            for (Item item : items) {
                acknowledged += item.acknowledged ? 1 : 0;
                resentAfterNoAnswer += item.acknowledged && item.noAnswer ? 1 : 0;
                refused += item.refused ? 1 : 0;
                unanswered += !item.acknowledged && !item.refused ? 1 : 0;
            }
            o.log().accept(String.format(Locale.ROOT, "load done after %.1f s: %d acknowledged, %d unanswered, %d refused; kill -9 once more",
                    (System.nanoTime() - t0) / 1e9, acknowledged, unanswered, refused));
            // 2. every acknowledgement checked after a crash
            server.kill();
            server.start();
            // 3. is every acknowledged plan there, once?
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger duplicated = new AtomicInteger();
            parallel(o.clients(), items.length, new AtomicInteger(), i -> {
                Item item = items[i];
                if (!item.acknowledged) {
                    return;
                }
                int plans = countPlans(server, item);
                int patients = countPatients(server, item);
                if (plans == 0 || patients == 0) {
                    lost.incrementAndGet();
                    problemQueue.add("LOST: acknowledged " + (item.message ? "message" : "transaction") + " #" + i + " plan "
                            + item.planIdentifier + ": " + plans + " ServiceRequest(s), " + patients + " Patient(s) after restart");
                } else if (plans > 1 || patients > 1) {
                    duplicated.incrementAndGet();
                    problemQueue.add("DUPLICATED: plan " + item.planIdentifier + ": " + plans + " ServiceRequests, " + patients + " Patients");
                }
            });
            o.log().accept(String.format(Locale.ROOT, "checked the %d acknowledged plans: %d lost, %d duplicated; resending all %d",
                    acknowledged, lost.get(), duplicated.get(), items.length));
            // 4. resend everything; 5. one ServiceRequest per plan identifier, one Patient per CPR number
            AtomicInteger resendFailed = new AtomicInteger();
            parallel(o.clients(), items.length, new AtomicInteger(), i -> {
                if (sendUntilAnswered(server, items[i], problemQueue) != Outcome.ACKNOWLEDGED) {
                    resendFailed.incrementAndGet();
                    problemQueue.add("RESEND FAILED: plan " + items[i].planIdentifier);
                }
            });
            AtomicInteger duplicatedAfterResend = new AtomicInteger();
            parallel(o.clients(), items.length, new AtomicInteger(), i -> {
                Item item = items[i];
                int plans = countPlans(server, item);
                int patients = countPatients(server, item);
                if (plans > 1 || patients > 1) {
                    duplicatedAfterResend.incrementAndGet();
                    problemQueue.add("DUPLICATED after resend: plan " + item.planIdentifier + ": " + plans + " ServiceRequests, "
                            + patients + " Patients");
                } else if (plans == 0 || patients == 0) {
                    resendFailed.incrementAndGet();
                    problemQueue.add("MISSING after resend: plan " + item.planIdentifier + ": " + plans + " ServiceRequest(s), "
                            + patients + " Patient(s)");
                }
            });
            server.stop();
            List<String> problems = List.copyOf(problemQueue);
            return new Result(count(items, i -> i.sent), count(items, false), count(items, true), acknowledged, resentAfterNoAnswer, unanswered,
                    refused, lost.get(), Math.max(duplicated.get(), duplicatedAfterResend.get()), resendFailed.get(),
                    killsDone, o.kills(), (System.nanoTime() - t0) / 1e9, problems);
        } finally {
            server.destroy();
        }
    }

    enum Outcome { ACKNOWLEDGED, REFUSED, UNANSWERED }

    /**
     * Sends one plan until it is answered: no answer (a transport error: the server is down), a 5xx, or a message's
     * {@code transient-error} acknowledgement is sent again once the server is up, at most {@link #ATTEMPTS} times; a 503
     * (the admission queue is full) does not count as an attempt. A 4xx or a {@code fatal-error} is a refusal: the
     * driver's plans are valid, so every refusal is reported.
     */
    private static Outcome sendUntilAnswered(Server server, Item item, ConcurrentLinkedQueue<String> problems) {
        String last = null;
        for (int attempt = 1, busy = 0; attempt <= ATTEMPTS && busy < 100; ) {
            server.awaitUp();
            Http.Answer answer;
            try {
                answer = Http.exchange(server.port, "POST", item.message ? "/fhir/$process-message" : "/fhir", FHIR_JSON, item.body);
            } catch (IOException e) {
                item.noAnswer = true;
                last = "no answer: " + e;
                attempt++;
                server.pauseIfDown();
                continue;
            }
            if (answer.status() == 503) {
                busy++;
                sleep(100);
                continue;
            }
            if (answer.status() >= 500) {
                last = "HTTP " + answer.status() + ": " + abbreviate(answer.body());
                attempt++;
                continue;
            }
            if (answer.status() / 100 != 2) {
                problems.add("REFUSED: HTTP " + answer.status() + " " + abbreviate(answer.body()));
                return Outcome.REFUSED;
            }
            if (!item.message) {
                if (SR_LOCATION.matcher(answer.body()).find()) {
                    return Outcome.ACKNOWLEDGED;
                }
                problems.add("REFUSED: HTTP " + answer.status() + " without a ServiceRequest location: " + abbreviate(answer.body()));
                return Outcome.REFUSED;
            }
            Matcher code = ACK_CODE.matcher(answer.body());
            String ack = code.find() ? code.group(1) : "(none)";
            switch (ack) {
                case "ok" -> {
                    return Outcome.ACKNOWLEDGED;
                }
                case "transient-error" -> {
                    last = "transient-error: " + abbreviate(answer.body());
                    attempt++;
                }
                default -> {
                    problems.add("REFUSED: acknowledgement " + ack + ": " + abbreviate(answer.body()));
                    return Outcome.REFUSED;
                }
            }
        }
        problems.add("UNANSWERED after " + ATTEMPTS + " attempts: " + last);
        return Outcome.UNANSWERED;
    }

    private static void killAtRandomMoments(Server server, AtomicInteger next, int[] killAt, Random random, Consumer<String> log,
                                            ConcurrentLinkedQueue<String> problems) {
        try {
            for (int at : killAt) {
                while (next.get() < at) {
                    sleep(1);
                }
                sleep(random.nextInt(50)); // a random moment: not aligned with any request's start
                int sentBefore = next.get();
                server.kill();
                long restart = System.nanoTime();
                server.start();
                log.accept(String.format(Locale.ROOT, "kill -9 #%d while plan %d was being sent; up again after %.1f s",
                        server.kills, sentBefore, (System.nanoTime() - restart) / 1e9));
            }
        } catch (Exception e) {
            problems.add("kill/restart failed: " + e);
            server.failed = e;
        }
    }

    private static int countPlans(Server server, Item item) {
        return total(server, "GET", "/fhir/ServiceRequest?identifier=" + enc(PLAN_SYSTEM + "|" + item.planIdentifier), null, null);
    }

    private static int countPatients(Server server, Item item) {
        return total(server, "POST", "/fhir/Patient/_search", FORM, "identifier=" + enc(CPR_SYSTEM + "|" + item.cpr));
    }

    private static int total(Server server, String method, String path, String contentType, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                Http.Answer a = Http.exchange(server.port, method, path, contentType, body);
                Matcher m = TOTAL.matcher(a.body());
                if (a.status() == 200 && m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("search " + path + " answered HTTP " + a.status() + ": " + abbreviate(a.body()));
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("search " + path + " failed: " + e, e);
                }
            }
            sleep(100);
        }
    }

    /** Runs {@code work} for every index from {@code next} up to {@code n} on {@code threads} threads. */
    private static void parallel(int threads, int n, AtomicInteger next, java.util.function.IntConsumer work) throws InterruptedException {
        List<Thread> all = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        work.accept(i);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        errors.add(e);
                        return;
                    }
                }
            }, "crash-client-" + t);
            thread.start();
            all.add(thread);
        }
        for (Thread thread : all) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(failures.get() + " client(s) failed: " + errors.get(0), errors.get(0));
        }
    }

    private static int count(Item[] items, boolean messages) {
        return count(items, i -> i.message == messages);
    }

    private static int count(Item[] items, java.util.function.Predicate<Item> p) {
        int n = 0;
        for (Item item : items) {
            n += p.test(item) ? 1 : 0;
        }
        return n;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= 600 ? flat : flat.substring(0, 600) + "... (" + flat.length() + " chars)";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- the server process

    /** The server under test: started, killed with SIGKILL and started again on the same port and database. */
    static final class Server {
        final List<String> command;
        final Path dir;
        final Path log;
        final int port;
        final Consumer<String> out;
        private Process process;
        private volatile boolean up;
        volatile Exception failed;
        volatile int kills;

        Server(List<String> command, Path dir, int port, Consumer<String> out) {
            this.command = command;
            this.dir = dir;
            this.log = dir.resolve("server.log");
            this.port = port;
            this.out = out;
        }

        synchronized void start() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(command);
            cmd.add("--server.port=" + port);
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!ready()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server ended while starting (exit " + process.exitValue() + "); " + tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server was not ready after 180 s; " + tail());
                }
                Thread.sleep(100);
            }
            up = true;
            notifyAll();
        }

        /** SIGKILL: {@link Process#destroyForcibly()} is {@code kill -9} on Linux. */
        void kill() throws InterruptedException {
            Process p;
            synchronized (this) {
                up = false;
                p = process;
            }
            p.destroyForcibly();
            p.waitFor();
            kills++;
        }

        void stop() throws InterruptedException {
            synchronized (this) {
                up = false;
            }
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        void destroy() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }

        /** Waits while the server is being restarted. */
        synchronized void awaitUp() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!up) {
                if (failed != null) {
                    throw new IllegalStateException("the server could not be restarted", failed);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the server did not come back");
                }
                try {
                    wait(Math.max(1, Math.min(1000, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }

        /** After a transport error: the server may be on its way down; give the killer a moment to say so. */
        void pauseIfDown() {
            sleep(20);
        }

        private boolean ready() {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness").toURL()
                        .openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try {
                    return c.getResponseCode() == 200;
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "no log: " + e;
            }
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** Minimal blocking HTTP/1.1: one keep-alive connection per client thread (cheap on a 2-core machine). */
    static final class Http {
        record Answer(int status, String body) {
        }

        /**
         * The bearer token every request carries: the system property {@code adapter.token} or the environment
         * variable {@code ADAPTER_TOKEN} (a municipality token; bench/crash.sh mints one with the jar's token command).
         */
        static final String AUTHORIZATION = authorization();

        private static String authorization() {
            String token = System.getProperty("adapter.token", System.getenv("ADAPTER_TOKEN"));
            return token == null || token.isBlank() ? "" : "Authorization: Bearer " + token + "\r\n";
        }

        private static final ThreadLocal<Connection> CONNECTION = new ThreadLocal<>();

        static Answer exchange(int port, String method, String path, String contentType, String body) throws IOException {
            Connection c = CONNECTION.get();
            if (c == null || c.closed || c.port != port) {
                c = new Connection(port);
                CONNECTION.set(c);
            }
            try {
                return c.exchange(method, path, contentType, body);
            } catch (IOException e) {
                c.close();
                CONNECTION.remove();
                throw e;
            }
        }

        static final class Connection {
            final int port;
            final Socket socket;
            final InputStream in;
            final OutputStream out;
            boolean closed;

            Connection(int port) throws IOException {
                this.port = port;
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(60_000);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
                out = socket.getOutputStream();
            }

            Answer exchange(String method, String path, String contentType, String body) throws IOException {
                byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                        .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\nAccept: application/fhir+json\r\n")
                        .append(AUTHORIZATION);
                if (body != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length).append("\r\n");
                }
                byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = Arrays.copyOf(h, h.length + content.length);
                System.arraycopy(content, 0, all, h.length, content.length);
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

    // ---------------------------------------------------------------- the plans

    private static final String[] GIVEN = {"Nancy", "Jens", "Mette", "Søren", "Anne", "Lars", "Kirsten", "Bjørn", "Hanne", "Åse"};
    private static final String[] FAMILY = {"Berggren", "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen"};
    private static final String[] HOSPITALS = {"Odense Universitetshospital", "Rigshospitalet", "Aarhus Universitetshospital",
            "Aalborg Universitetshospital", "Herlev Hospital"};

    /** Unique plans, every second one a plan message; each with a citizen (CPR number) and a plan identifier of its own. */
    static Item[] items(int n, Random random) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
        long dayOffset = random.nextInt(15_000);
        String[][] orgs = new String[HOSPITALS.length][];
        for (int k = 0; k < orgs.length; k++) {
            String glnBase = "579000" + String.format(Locale.ROOT, "%06d", 135_414 + k);
            orgs[k] = new String[] {String.valueOf(265_161_000_016_000L + 1_000L * k), glnBase + glnCheckDigit(glnBase),
                    HOSPITALS[k] + ", Ortopædkirurgisk Afdeling"};
        }
        Item[] items = new Item[n];
        for (int i = 0; i < n; i++) {
            // CPR: DDMMYY of a day in 1940-1999, then 4 digits; unique within the run
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays((dayOffset + i / 10_000) % 21_900);
            String cpr = String.format(Locale.ROOT, "%02d%02d%02d%04d", birth.getDayOfMonth(), birth.getMonthValue(),
                    birth.getYear() % 100, i % 10_000);
            String planIdentifier = "urn:uuid:" + new UUID(random.nextLong(), random.nextLong());
            String[] org = orgs[random.nextInt(orgs.length)];
            String given = GIVEN[random.nextInt(GIVEN.length)];
            String family = FAMILY[random.nextInt(FAMILY.length)];
            String discharge = today.minusDays(random.nextInt(4)).toString();
            boolean message = i % 2 == 1;
            String body = message ? message(cpr, planIdentifier, org, given, family, discharge, random)
                    : transaction(cpr, planIdentifier, org, given, family, discharge);
            items[i] = new Item(message, cpr, planIdentifier, body);
        }
        return items;
    }

    static int glnCheckDigit(String twelve) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = twelve.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        return (10 - sum % 10) % 10;
    }

    /** A transaction Bundle as examples/Bundle-plan-transaction.json: Patient, Organization, Condition, ServiceRequest. */
    static String transaction(String cpr, String planId, String[] org, String given, String family, String discharge) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-000000000001\",\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
                + CPR_SYSTEM + "\",\"value\":\"" + cpr + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + family
                + "\",\"given\":[\"" + given + "\"]}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier="
                + CPR_SYSTEM + "|" + cpr + "\"}},"
                + "{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-000000000002\",\"resource\":{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\""
                + SOR_SYSTEM + "\",\"value\":\"" + org[0] + "\"},{\"system\":\"" + GLN_SYSTEM + "\",\"value\":\"" + org[1]
                + "\"}],\"name\":\"" + org[2] + "\"},\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}},"
                + "{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-000000000003\",\"resource\":{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:oid:1.2.208.176.2.4.12\",\"code\":\"DS720\",\"display\":\"Brud på lårbenshals\"}]},\"subject\":{\"reference\":\""
                + "urn:uuid:00000000-0000-4000-8000-000000000001\"}},\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}},"
                + "{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-000000000004\",\"resource\":{\"resourceType\":\"ServiceRequest\","
                + "\"extension\":[{\"url\":\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\",\"valueDate\":\"" + discharge + "\"}],"
                + "\"identifier\":[{\"system\":\"" + PLAN_SYSTEM + "\",\"value\":\"" + planId + "\"}],\"status\":\"active\",\"intent\":\"plan\","
                + "\"category\":[{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"ffd81f78-352e-4589-a195-5350dd1df2a4\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},"
                + "\"subject\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"},"
                + "\"requester\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000002\"},"
                + "\"reasonReference\":[{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000003\"}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"ServiceRequest\",\"ifNoneExist\":\"identifier=" + PLAN_SYSTEM + "|" + planId + "\"}}]}";
    }

    /**
     * A plan message as examples/Bundle-plan-message.json (rehab-plan-message, new-message) to the server's default
     * municipality (SOR 953741000016009, EAN 5790000121441), with a MessageHeader id of its own.
     */
    static String message(String cpr, String planId, String[] org, String given, String family, String discharge, Random random) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        String bundleId = new UUID(random.nextLong(), random.nextLong()).toString();
        String base = "https://hospital.example/fhir/";
        return "{\"resourceType\":\"Bundle\",\"id\":\"" + bundleId + "\",\"type\":\"message\",\"timestamp\":\"2026-11-30T10:00:00+01:00\",\"entry\":["
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
                + "\",\"value\":\"" + cpr + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\",\"given\":[\"" + given + "\"]}]}},"
                + "{\"fullUrl\":\"" + base + "Condition/d\",\"resource\":{\"resourceType\":\"Condition\",\"id\":\"d\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:oid:1.2.208.176.2.4.12\",\"code\":\"DS720\"}]},\"subject\":{\"reference\":\"Patient/c\"}}},"
                + "{\"fullUrl\":\"" + base + "ServiceRequest/p\",\"resource\":{\"resourceType\":\"ServiceRequest\",\"id\":\"p\","
                + "\"extension\":[{\"url\":\"http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate\",\"valueDate\":\"" + discharge + "\"}],"
                + "\"identifier\":[{\"system\":\"" + PLAN_SYSTEM + "\",\"value\":\"" + planId + "\"}],\"status\":\"active\",\"intent\":\"plan\","
                + "\"category\":[{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"ffd81f78-352e-4589-a195-5350dd1df2a4\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://fhir.kl.dk/term/CodeSystem/CareSocialCodes\",\"code\":\"7fc66c15-0cb3-4c89-9e18-f3a01e6a6592\"}]},"
                + "\"subject\":{\"reference\":\"Patient/c\"},\"requester\":{\"reference\":\"Organization/h\"},\"performer\":[{\"reference\":\"Organization/m\"}],"
                + "\"reasonReference\":[{\"reference\":\"Condition/d\"}]}}]}";
    }
}
