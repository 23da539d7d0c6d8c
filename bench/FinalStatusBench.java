import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.delivery.DeliveryWorker;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.finalstatus.FinalStatusService;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Final status benchmark (issue 5): the adapter in-process on a fresh embedded H2 database, a local HAPI FHIR receiver
 * standing in for the GP and hospital systems.
 * <ol>
 *   <li>production: courses with 30 sessions and 17 assessed § 140 areas (start and end: 34 Observations) are finished;
 *       the time of the finishing transaction (final status facts, PDF, FHIR document, DocumentReference, two outbox rows
 *       and Tasks) is measured per course, and the PDF + document rendering alone;</li>
 *   <li>delivery: the worker (not scheduled: adapter.delivery.enabled=false) is run by N threads until every outbox row
 *       is delivered to the receiver; deliveries per second.</li>
 * </ol>
 * Usage: bench/final-status.sh [courses=20] [threads=2]
 */
public class FinalStatusBench {
    public static void main(String[] args) throws Exception {
        int courses = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        FhirContext fhir = FhirContext.forR4Cached();
        FhirReceiver receiver = new FhirReceiver(fhir);
        FhirReceiver hospital = new FhirReceiver(fhir);
        Path db = Files.createTempDirectory("final-status-bench");
        String gln = Plans.gln("579000123456");
        String[] props = {
                "--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + db.resolve("rehab") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "--adapter.delivery.enabled=false", "--adapter.delivery.batch=10",
                "--adapter.delivery.endpoints[0].system=" + Canonical.SYSTEM_YDERNUMMER, "--adapter.delivery.endpoints[0].value=012345",
                "--adapter.delivery.endpoints[0].url=" + receiver.base(),
                "--adapter.delivery.endpoints[1].system=" + Canonical.SYSTEM_GLN, "--adapter.delivery.endpoints[1].value=" + gln,
                "--adapter.delivery.endpoints[1].url=" + hospital.base(), "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(props)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Http http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
            CourseFixtures fixtures = new CourseFixtures(app);
            String therapist = fixtures.therapist();
            String centre = fixtures.centre();
            List<String> areas = new ArrayList<>(app.getBean(dk.rehab.adapter.functionalstatus.Fsiii.class).areas140());
            List<Double> finishMs = new ArrayList<>();
            List<String> courseIds = new ArrayList<>();
            OffsetDateTime t0 = OffsetDateTime.of(2026, 10, 1, 8, 0, 0, 0, ZoneOffset.UTC);
            for (int c = 0; c < courses + 3; c++) {
                Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(null, gln), LocalDate.of(2026, 9, 28));
                ServiceRequest plan = Plans.planOf(tx);
                Plans.consent(plan, true);
                Extension gp = new Extension(Canonical.EXT_GP_COPY);
                gp.addExtension("wanted", new BooleanType(true));
                gp.addExtension("receiver", new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue("012345")));
                plan.addExtension(gp);
                plan.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, new Reference(tx.getEntry().get(1).getFullUrl())));
                Bundle answer = http.json("", tx).resource(Bundle.class);
                String patientId = answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
                String planId = answer.getEntry().get(3).getResponse().getLocation().split("/")[1];
                String course = fixtures.course(patientId, planId, therapist, centre, "sul-140", LocalDate.of(2026, 10, 1));
                List<AppointmentStatus> statuses = new ArrayList<>(Collections.nCopies(26, AppointmentStatus.FULFILLED));
                statuses.addAll(List.of(AppointmentStatus.CANCELLED, AppointmentStatus.CANCELLED, AppointmentStatus.NOSHOW, AppointmentStatus.FULFILLED));
                fixtures.sessions(course, patientId, LocalDate.of(2026, 10, 2), statuses);
                for (int a = 0; a < areas.size(); a++) {
                    http.json("Observation", FunctionalStatus.expected(FunctionalStatus.observation(patientId, course, therapist, areas.get(a), 3, "start", t0), 1));
                    http.json("Observation", FunctionalStatus.observation(patientId, course, therapist, areas.get(a), a % 3, "end", t0.plusDays(30)));
                }
                long s = System.nanoTime();
                fixtures.finish(course, LocalDate.of(2026, 11, 1), "Ikke yderligere behov (fagpersons vurdering)");
                double ms = (System.nanoTime() - s) / 1e6;
                if (c >= 3) {
                    finishMs.add(ms);
                    courseIds.add(course);
                }
            }
            Collections.sort(finishMs);
            System.out.printf("final status production: %d courses, 30 sessions and 17 areas (34 Observations) each%n", finishMs.size());
            System.out.printf("  finishing transaction incl. final status + outbox: mean %.1f ms, p50 %.1f ms, max %.1f ms%n",
                    finishMs.stream().mapToDouble(d -> d).average().orElse(0), finishMs.get(finishMs.size() / 2), finishMs.get(finishMs.size() - 1));
            FinalStatusService service = app.getBean(FinalStatusService.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            int pending = jdbc.queryForObject("select count(*) from delivery where state = 'pending'", Integer.class);
            DeliveryWorker worker = app.getBean(DeliveryWorker.class);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long s = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                pool.submit(() -> {
                    while (worker.runOnce() > 0) {
                        // until nothing is due
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - s) / 1e9;
            int delivered = jdbc.queryForObject("select count(*) from delivery where state = 'delivered'", Integer.class);
            System.out.printf("delivery: %d of %d pending deliveries delivered by %d worker threads in %.2f s = %.1f deliveries/s (GP receiver holds %d documents, hospital %d)%n",
                    delivered, pending, threads, seconds, delivered / seconds, receiver.documents().size(), hospital.documents().size());
            int size = jdbc.queryForObject("select max(length(content)) from resource_history where res_type = 'DocumentReference'", Integer.class);
            System.out.printf("largest stored DocumentReference (PDF + document inline, base64): %d KB%n", size / 1024);
            if (service == null) {
                throw new IllegalStateException();
            }
        } finally {
            receiver.close();
            hospital.close();
        }
        System.exit(0);
    }
}
