package dk.rehab.adapter.jobcenter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Jobcenter referrals (SEL § 86.1) through the same FHIR API as plans: the 15-working-day start deadline across Danish
 * public holidays, the referral's rules, the course that answers it, and the functional-capacity assessment at its end
 * delivered to the Jobcenter's own FHIR server (a real one in the test) through the outbox, with its Task.
 */
abstract class JobcenterReferralTests extends IntegrationTest {
    static final FhirReceiver JOBCENTER = new FhirReceiver(FhirContext.forR4Cached());
    static final String JOBCENTER_SOR = Plans.uniqueSor();

    @DynamicPropertySource
    static void jobcenterEndpoint(DynamicPropertyRegistry registry) {
        registry.add("adapter.delivery.endpoints[0].system", () -> Canonical.SYSTEM_SOR);
        registry.add("adapter.delivery.endpoints[0].value", () -> JOBCENTER_SOR);
        registry.add("adapter.delivery.endpoints[0].url", JOBCENTER::base);
        registry.add("adapter.delivery.endpoints[0].name", () -> "Jobcenter Ishøj");
        registry.add("adapter.delivery.poll-interval", () -> "200ms");
    }

    // The receiver is a static of this abstract class, so the H2 and PostgreSQL variants share it: it is not stopped after
    // the first of them (the second then found it gone), and ends with the test JVM.

    String patient;
    String jobcenter;

    @BeforeEach
    void people() {
        patient = "Patient/" + ok(http.json("Patient", Plans.patient(Plans.newCpr())), 201, Patient.class).getIdElement().getIdPart();
        jobcenter = http.get("Organization?identifier=" + Canonical.SYSTEM_SOR + "|" + JOBCENTER_SOR).resource(Bundle.class).getEntry().stream()
                .findFirst().map(e -> "Organization/" + e.getResource().getIdElement().getIdPart())
                .orElseGet(() -> "Organization/" + ok(http.json("Organization", jobcenter()), 201, Organization.class).getIdElement().getIdPart());
    }

    static Organization jobcenter() {
        Organization o = new Organization();
        o.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(JOBCENTER_SOR);
        o.addIdentifier().setSystem("urn:oid:2.5.4.97").setValue("64502018");
        o.setName("Jobcenter Ishøj");
        return o;
    }

    static <T extends org.hl7.fhir.r4.model.Resource> T ok(Http.Response response, int status, Class<T> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response.resource(type);
    }

    /** A Jobcenter referral received on {@code received}. */
    static ServiceRequest referral(String patientRef, String jobcenterRef, LocalDate received, String legalBasis) {
        ServiceRequest r = new ServiceRequest();
        r.addIdentifier().setSystem("urn:oid:1.2.208.176.43.183.7").setValue("JC-" + java.util.UUID.randomUUID());
        r.addExtension(new Extension(Canonical.EXT_COURSE_LEGAL_BASIS, new CodeableConcept(new Coding(Canonical.CS_LEGAL_BASIS, legalBasis, null))));
        r.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        r.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        r.getCode().setText("Genoptræning (Serviceloven § 86 stk. 1)");
        r.setSubject(new Reference(patientRef));
        r.setRequester(new Reference(jobcenterRef));
        // at 10:00 that day, or now if that is still to come (a receipt cannot lie in the future: the test ran before 10:00)
        java.time.Instant at = received.atTime(10, 0).atZone(ZoneId.of("Europe/Copenhagen")).toInstant();
        r.setAuthoredOn(Date.from(at.isAfter(java.time.Instant.now()) ? java.time.Instant.now().minusSeconds(1) : at));
        return r;
    }

    static LocalDate date(ServiceRequest r, String url) {
        Extension e = r.getExtensionByUrl(url);
        return e == null ? null : LocalDate.parse(((DateType) e.getValue()).getValueAsString());
    }

    @Test
    void theStartDeadlineIs15WorkingDaysWithoutTheEasterHolidays() {
        // received Tuesday 31 March 2026: Maundy Thursday, Good Friday and Easter Monday are not working days
        ServiceRequest stored = ok(http.json("ServiceRequest", referral(patient, jobcenter, LocalDate.of(2026, 3, 31), "sel-86-1-jobcenter")),
                201, ServiceRequest.class);
        assertThat(date(stored, Canonical.EXT_START_DEADLINE)).isEqualTo(LocalDate.of(2026, 4, 24));
        assertThat(stored.getExtensionByUrl(Canonical.EXT_CONTACT_DEADLINE)).isNull();
        assertThat(stored.getExtensionByUrl(Canonical.EXT_FREE_CHOICE_DATE)).isNull();
        assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Canonical.PROFILE_JOBCENTER_REFERRAL);
        assertThat(http.get("ServiceRequest?start-deadline=2026-04-24&subject=" + patient).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @Test
    void theStartDeadlineSkipsChristmasAndNewYear() {
        // received Friday 19 December 2025: 25 and 26 December and 1 January are holidays
        ServiceRequest stored = ok(http.json("ServiceRequest", referral(patient, jobcenter, LocalDate.of(2025, 12, 19),
                "sel-86-1-funktionsevnevurdering")), 201, ServiceRequest.class);
        assertThat(date(stored, Canonical.EXT_START_DEADLINE)).isEqualTo(LocalDate.of(2026, 1, 14));
    }

    @Test
    void aReferralCanArriveInATransactionLikeAPlan() {
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String cpr = Plans.newCpr();
        tx.addEntry().setFullUrl("urn:uuid:p1").setResource(Plans.patient(cpr)).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient").setIfNoneExist("identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        tx.addEntry().setFullUrl("urn:uuid:r1").setResource(referral("urn:uuid:p1", jobcenter, LocalDate.now().minusDays(1), "sel-86-1-jobcenter"))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
        Bundle answer = ok(http.json("", tx), 200, Bundle.class);
        String location = answer.getEntry().get(1).getResponse().getLocation();
        ServiceRequest stored = http.get(location.substring(0, location.indexOf("/_history"))).resource(ServiceRequest.class);
        assertThat(date(stored, Canonical.EXT_START_DEADLINE)).isAfter(LocalDate.now().plusDays(14));
    }

    @Test
    void aBadReferralIsRefusedNamingTheElement() {
        ServiceRequest hospitalBasis = referral(patient, jobcenter, LocalDate.now(), "sul-140");
        http.json("ServiceRequest", hospitalBasis).assertError(422, "unknown-code");
        ServiceRequest noRequester = referral(patient, jobcenter, LocalDate.now(), "sel-86-1-jobcenter");
        noRequester.setRequester(null);
        assertThat(http.json("ServiceRequest", noRequester).assertError(422, "required-element-missing").getIssue())
                .anyMatch(i -> i.getExpression().stream().anyMatch(e -> e.getValue().equals("ServiceRequest.requester")));
        ServiceRequest asPlan = referral(patient, jobcenter, LocalDate.now(), "sel-86-1-jobcenter");
        asPlan.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        http.json("ServiceRequest", asPlan).assertError(422, "invalid-value");
        ServiceRequest withDischarge = referral(patient, jobcenter, LocalDate.now(), "sel-86-1-jobcenter");
        withDischarge.addExtension(new Extension(Canonical.EXT_PRECONDITION_DATE, new DateType(new Date())));
        http.json("ServiceRequest", withDischarge).assertError(422, "invalid-value");
        assertThat(http.get("ServiceRequest?subject=" + patient).resource(Bundle.class).getTotal()).isZero();
    }

    @Test
    void aCourseAnswersTheReferralOfItsKindOnly() {
        String referral = "ServiceRequest/" + ok(http.json("ServiceRequest", referral(patient, jobcenter, LocalDate.now(), "sel-86-1-jobcenter")),
                201, ServiceRequest.class).getIdElement().getIdPart();
        http.json("EpisodeOfCare", Courses.course(patient, referral, "sul-140", "hofte", null)).assertError(422, "invalid-reference");
        String hospital = "Organization/" + ok(http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)), 201, Organization.class)
                .getIdElement().getIdPart();
        String plan = "ServiceRequest/" + ok(http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))), 201,
                ServiceRequest.class).getIdElement().getIdPart();
        http.json("EpisodeOfCare", Courses.course(patient, plan, "sel-86-1-jobcenter", "hofte", null)).assertError(422, "invalid-reference");
        ok(http.json("EpisodeOfCare", Courses.course(patient, referral, "sel-86-1-jobcenter", "hofte", null)), 201, EpisodeOfCare.class);
    }

    @Test
    void theFunctionalCapacityAssessmentIsDeliveredToTheJobcenter() throws Exception {
        String referral = "ServiceRequest/" + ok(http.json("ServiceRequest", referral(patient, jobcenter, LocalDate.now().minusDays(10),
                "sel-86-1-jobcenter")), 201, ServiceRequest.class).getIdElement().getIdPart();
        String therapist = "Practitioner/" + ok(http.json("Practitioner", Courses.therapist("Hansen")), 201, Practitioner.class)
                .getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, referral, "sel-86-1-jobcenter", "hofte", null);
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        course.setCareManager(new Reference(therapist));
        String courseRef = "EpisodeOfCare/" + ok(http.json("EpisodeOfCare", course), 201, EpisodeOfCare.class).getIdElement().getIdPart();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        String p = patient.substring(8);
        String c = courseRef.substring(14);
        String t = therapist.substring(13);
        ok(http.json("Observation", FunctionalStatus.observation(p, c, t, FunctionalStatus.MOBILITET, 3, "start", now.minusDays(9))), 201,
                org.hl7.fhir.r4.model.Observation.class);
        Parameters finish = new Parameters();
        finish.addParameter().setName("endReason").setValue(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.END_REASON_NO_NEED_PROFESSIONAL, null));
        finish.addParameter().setName("functionalStatus").setResource(FunctionalStatus.observation(p, c, t, FunctionalStatus.MOBILITET, 1, "end",
                now.minusHours(1)));
        Parameters answer = ok(http.json(courseRef + "/$finish", finish), 200, Parameters.class);

        String documentId = ((Reference) answer.getParameter("finalStatus").getValue()).getReferenceElement().getIdPart();
        DocumentReference document = http.get("DocumentReference/" + documentId).resource(DocumentReference.class);
        assertThat(document.getType().getCodingFirstRep().getCode()).isEqualTo(Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY);
        assertThat(document.getDescription()).startsWith("Funktionsevnevurdering");
        assertThat(document.getContent()).extracting(x -> x.getAttachment().getContentType())
                .containsExactly("application/pdf", "application/fhir+json");
        try (var pdf = Loader.loadPDF(document.getContent().get(0).getAttachment().getData())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Funktionsevnevurdering til Jobcenter").contains("Henvisning fra Jobcenter: JC-")
                    .contains("Fra: Jobcenter Ishøj");
        }
        assertThat(http.get(referral).resource(ServiceRequest.class).getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);

        long until = System.currentTimeMillis() + 20_000;
        List<Task> tasks = tasks(documentId);
        while (!(tasks.size() == 1 && "delivered".equals(state(tasks.get(0)))) && System.currentTimeMillis() < until) {
            Thread.sleep(150);
            tasks = tasks(documentId);
        }
        assertThat(tasks).hasSize(1);
        Task task = tasks.get(0);
        assertThat(state(task)).as(task.getStatusReason().getText()).isEqualTo("delivered");
        assertThat(task.getRestriction().getRecipientFirstRep().getReference()).isEqualTo(jobcenter);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo(Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY);
        List<DocumentReference> received = JOBCENTER.documents().stream()
                .filter(d -> documentId.equals(d.getMasterIdentifier().getValue())).toList();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getType().getCodingFirstRep().getCode()).isEqualTo(Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY);
        assertThat(http.get("DocumentReference?recipient=" + JOBCENTER_SOR + "&_id=" + documentId).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    List<Task> tasks(String documentId) {
        return http.get("Task?focus=DocumentReference/" + documentId).resource(Bundle.class).getEntry().stream()
                .map(e -> (Task) e.getResource()).toList();
    }

    static String state(Task t) {
        return t.getBusinessStatus().getCodingFirstRep().getCode();
    }
}
