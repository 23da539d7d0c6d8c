package dk.rehab.adapter.course;

import static dk.rehab.adapter.support.FunctionalStatus.FORFLYTTE_SIG;
import static dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD;
import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST EpisodeOfCare/{id}/$finish}: every effect of closing a course in one call, each refusal with nothing
 * changed (read back), who may call it, and a citizen with two plans whose other course is left alone.
 */
abstract class CourseFinishTests extends IntegrationTest {
    static final String GP_YDERNUMMER = "076543";
    static final String END_REASON = Canonical.END_REASON_NO_NEED_PROFESSIONAL;

    @Autowired
    ResourceStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    dk.rehab.adapter.fhir.WriteTransactions transactions;

    String patient;
    String hospital;
    String hospitalSor;
    String therapist;
    OffsetDateTime now;

    @BeforeEach
    void people() {
        patient = "Patient/" + ok(http.json("Patient", Plans.patient(Plans.newCpr())), 201, Patient.class).getIdElement().getIdPart();
        hospitalSor = Plans.uniqueSor();
        hospital = "Organization/" + ok(http.json("Organization", Plans.hospital(hospitalSor, null)), 201, Organization.class)
                .getIdElement().getIdPart();
        therapist = "Practitioner/" + ok(http.json("Practitioner", Courses.therapist("Hansen")), 201, Practitioner.class)
                .getIdElement().getIdPart();
        now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    }

    static <T extends org.hl7.fhir.r4.model.Resource> T ok(Http.Response response, int status, Class<T> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response.resource(type);
    }

    /** A plan with consent and a GP copy to the citizen's GP (by ydernummer). */
    String plan() {
        ServiceRequest plan = Plans.plan(patient, hospital, LocalDate.now().minusDays(2));
        Plans.consent(plan, true);
        Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
        gpCopy.addExtension("wanted", new BooleanType(true));
        gpCopy.addExtension("receiver", new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER)
                .setValue(GP_YDERNUMMER)).setDisplay("Lægerne i Ishøj"));
        plan.addExtension(gpCopy);
        return "ServiceRequest/" + ok(http.json("ServiceRequest", plan), 201, ServiceRequest.class).getIdElement().getIdPart();
    }

    /** An active course of the plan with its responsible therapist. */
    String course(String planRef, String group) {
        EpisodeOfCare course = Courses.course(patient, planRef, "sul-140", group, null);
        course.setStatus(EpisodeOfCareStatus.ACTIVE);
        course.setCareManager(new Reference(therapist));
        return "EpisodeOfCare/" + ok(http.json("EpisodeOfCare", course), 201, EpisodeOfCare.class).getIdElement().getIdPart();
    }

    Appointment book(String courseRef, OffsetDateTime start) {
        return ok(http.json("Appointment", Courses.session(courseRef, patient, "individual", start, 45, null, therapist)), 201, Appointment.class);
    }

    Appointment attended(String courseRef, OffsetDateTime start) {
        Appointment a = book(courseRef, start);
        a.setStatus(AppointmentStatus.FULFILLED);
        return ok(http.update("Appointment/" + a.getIdElement().getIdPart(), a), 200, Appointment.class);
    }

    Observation assessment(String courseRef, String area, int level, String phase, OffsetDateTime at) {
        return FunctionalStatus.observation(id(patient), id(courseRef), id(therapist), area, level, phase, at);
    }

    static String id(String ref) {
        return ref.substring(ref.indexOf('/') + 1);
    }

    static Parameters finish(Observation... finalStatus) {
        Parameters p = new Parameters();
        p.addParameter().setName("endReason").setValue(new Coding(Canonical.CS_CARE_SOCIAL, END_REASON, "Ikke yderligere behov (fagpersons vurdering)"));
        for (Observation o : finalStatus) {
            p.addParameter().setName("functionalStatus").setResource(o);
        }
        return p;
    }

    Http.Response post(String courseRef, Parameters parameters) {
        return http.json(courseRef + "/$finish", parameters);
    }

    /** What a refused finish must leave as it was. */
    record Snapshot(String courseVersion, EpisodeOfCareStatus status, List<String> sessions, ServiceRequestStatus plan, int documents,
                    int observations) {
    }

    Snapshot snapshot(String courseRef, String planRef) {
        EpisodeOfCare course = http.get(courseRef).resource(EpisodeOfCare.class);
        List<String> sessions = http.get("Appointment?course=" + courseRef + "&_count=50").resource(Bundle.class).getEntry().stream()
                .map(e -> (Appointment) e.getResource()).map(a -> a.getIdElement().getIdPart() + ":" + a.getStatus().toCode()
                        + ":" + a.getMeta().getVersionId()).sorted().toList();
        ServiceRequestStatus plan = http.get(planRef).resource(ServiceRequest.class).getStatus();
        int documents = http.get("DocumentReference?course=" + courseRef).resource(Bundle.class).getEntry().size();
        int observations = http.get("Observation?course=" + courseRef).resource(Bundle.class).getEntry().size();
        return new Snapshot(course.getMeta().getVersionId(), course.getStatus(), sessions, plan, documents, observations);
    }

    @Test
    void finishingACourseDoesEverythingAtOnce() {
        String plan = plan();
        String course = course(plan, "geriatri");
        Appointment held = attended(course, now.minusDays(3));
        Appointment next = book(course, now.plusDays(2));
        Appointment later = book(course, now.plusDays(5));
        ok(http.json("Observation", FunctionalStatus.expected(assessment(course, LAVE_MAD, 3, "start", now.minusDays(3)), 1)), 201, Observation.class);
        ok(http.json("Observation", assessment(course, FORFLYTTE_SIG, 4, "start", now.minusDays(3))), 201, Observation.class);

        Http.Response response = post(course, finish(assessment(course, LAVE_MAD, 1, "end", now.minusHours(1)),
                assessment(course, FORFLYTTE_SIG, 3, "end", now.minusHours(1))));

        Parameters answer = ok(response, 200, Parameters.class);
        EpisodeOfCare finished = http.get(course).resource(EpisodeOfCare.class);
        assertThat(finished.getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        assertThat(finished.getPeriod().getEnd()).isNotNull();
        assertThat(((CodeableConcept) finished.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON).getValue()).getCodingFirstRep().getCode())
                .isEqualTo(END_REASON);
        assertThat(finished.getStatusHistory()).extracting(h -> h.getStatus()).endsWith(EpisodeOfCareStatus.FINISHED);
        assertThat(((EpisodeOfCare) answer.getParameter("course").getResource()).getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);

        for (Appointment future : List.of(next, later)) {
            Appointment now = http.get("Appointment/" + future.getIdElement().getIdPart()).resource(Appointment.class);
            assertThat(now.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
            assertThat(now.getCancelationReason().getCodingFirstRep().getCode()).isEqualTo("course-finished");
        }
        assertThat(http.get("Appointment/" + held.getIdElement().getIdPart()).resource(Appointment.class).getStatus())
                .isEqualTo(AppointmentStatus.FULFILLED);
        assertThat(answer.getParameter().stream().filter(p -> p.getName().equals("cancelledSession"))
                .map(p -> ((Reference) p.getValue()).getReference()))
                .containsExactlyInAnyOrder("Appointment/" + next.getIdElement().getIdPart(), "Appointment/" + later.getIdElement().getIdPart());

        assertThat(http.get(plan).resource(ServiceRequest.class).getStatus()).isEqualTo(ServiceRequestStatus.COMPLETED);
        assertThat(http.get("Observation?course=" + course + "&phase=end").resource(Bundle.class).getEntry()).hasSize(2);

        Bundle documents = http.get("DocumentReference?course=" + course + "&status=current").resource(Bundle.class);
        assertThat(documents.getEntry()).hasSize(1);
        DocumentReference document = (DocumentReference) documents.getEntryFirstRep().getResource();
        assertThat(((Reference) answer.getParameter("finalStatus").getValue()).getReference())
                .isEqualTo("DocumentReference/" + document.getIdElement().getIdPart());
        Bundle tasks = http.get("Task?focus=DocumentReference/" + document.getIdElement().getIdPart()).resource(Bundle.class);
        assertThat(tasks.getEntry()).extracting(e -> ((Task) e.getResource()).getRestriction().getRecipientFirstRep().getIdentifier().getValue())
                .contains(GP_YDERNUMMER);

        // finishing it again: 409, nothing changed
        Snapshot before = snapshot(course, plan);
        post(course, finish(assessment(course, LAVE_MAD, 1, "end", now.minusHours(1)))).assertError(409, "course-already-closed");
        assertThat(snapshot(course, plan)).isEqualTo(before);
    }

    @Test
    void aCitizenWithTwoPlansKeepsTheOtherCourseAndPlan() {
        String plan = plan();
        String otherPlan = plan();
        String course = course(plan, "geriatri");
        String other = course(otherPlan, "knae");
        book(course, now.plusDays(1));
        Appointment otherSession = book(other, now.plusDays(1).plusHours(2));
        ok(http.json("Observation", assessment(course, LAVE_MAD, 2, "end", now.minusHours(1))), 201, Observation.class);
        Snapshot otherBefore = snapshot(other, otherPlan);

        ok(post(course, finish()), 200, Parameters.class);

        assertThat(http.get(plan).resource(ServiceRequest.class).getStatus()).isEqualTo(ServiceRequestStatus.COMPLETED);
        assertThat(snapshot(other, otherPlan)).isEqualTo(otherBefore);
        assertThat(otherBefore.status()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
        assertThat(otherBefore.plan()).isEqualTo(ServiceRequestStatus.ACTIVE);
        assertThat(http.get("Appointment/" + otherSession.getIdElement().getIdPart()).resource(Appointment.class).getStatus())
                .isEqualTo(AppointmentStatus.BOOKED);
    }

    @Test
    void aCourseOnHoldCanBeFinished() {
        String plan = plan();
        String course = course(plan, "geriatri");
        putOnHold(id(course));
        assertThat(http.get(course).resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCareStatus.ONHOLD);

        ok(post(course, finish(assessment(course, LAVE_MAD, 2, "end", now.minusHours(1)))), 200, Parameters.class);

        assertThat(http.get(course).resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        assertThat(http.get(plan).resource(ServiceRequest.class).getStatus()).isEqualTo(ServiceRequestStatus.COMPLETED);
        assertThat(http.get("DocumentReference?course=" + course + "&status=current").resource(Bundle.class).getEntry()).hasSize(1);
    }

    /**
     * On hold as a hospital admission leaves a course (issue 13 item 1 owns that transition; here the stored course and its
     * projection are set directly, as that would).
     */
    private void putOnHold(String courseId) {
        transactions.run(() -> {
            StoredResource current = store.currentForUpdate("EpisodeOfCare", courseId).orElseThrow();
            EpisodeOfCare c = store.parse(current, EpisodeOfCare.class);
            c.setStatus(EpisodeOfCareStatus.ONHOLD);
            c.addStatusHistory().setStatus(EpisodeOfCareStatus.ONHOLD).getPeriod().setStart(new java.util.Date());
            store.update(c, current.version()).orElseThrow();
            jdbc.update("update course set status = 'onhold' where res_id = ?", courseId);
            return null;
        });
    }

    @Test
    void aSessionInThePastStillBookedRefusesWithNothingChanged() {
        String plan = plan();
        String course = course(plan, "geriatri");
        Appointment forgotten = book(course, now.minusDays(1));
        book(course, now.plusDays(3));
        Snapshot before = snapshot(course, plan);

        OperationOutcome outcome = post(course, finish(assessment(course, LAVE_MAD, 2, "end", now.minusHours(1))))
                .assertError(409, "past-sessions-open");

        assertThat(outcome.getIssue()).anyMatch(i -> i.getExpression().stream()
                .anyMatch(e -> e.getValue().equals("Appointment/" + forgotten.getIdElement().getIdPart())));
        assertThat(snapshot(course, plan)).isEqualTo(before);
        assertThat(before.observations()).isZero();
    }

    @Test
    void noFinalStatusRefusesWithNothingChanged() {
        String plan = plan();
        String course = course(plan, "geriatri");
        book(course, now.plusDays(3));
        ok(http.json("Observation", assessment(course, LAVE_MAD, 3, "start", now.minusDays(1))), 201, Observation.class);
        Snapshot before = snapshot(course, plan);

        post(course, finish()).assertError(409, "final-status-missing");

        assertThat(snapshot(course, plan)).isEqualTo(before);
        assertThat(before.status()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
    }

    @Test
    void aFinalStatusRecordedBeforeIsReferredTo() {
        String plan = plan();
        String course = course(plan, "geriatri");
        Observation end = ok(http.json("Observation", assessment(course, LAVE_MAD, 2, "end", now.minusHours(2))), 201, Observation.class);
        Parameters p = finish();
        p.addParameter().setName("finalAssessment").setValue(new Reference("Observation/" + end.getIdElement().getIdPart()));
        ok(post(course, p), 200, Parameters.class);
        assertThat(http.get(course).resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);

        String second = course(plan(), "knae");
        Parameters wrong = finish();
        wrong.addParameter().setName("finalAssessment").setValue(new Reference("Observation/" + end.getIdElement().getIdPart()));
        post(second, wrong).assertError(422, "invalid-reference");
        assertThat(http.get(second).resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
    }

    @Test
    void onlyTheMunicipalityFinishesACourse() {
        String plan = plan();
        String course = course(plan, "geriatri");
        Snapshot before = snapshot(course, plan);
        Parameters p = finish(assessment(course, LAVE_MAD, 2, "end", now.minusHours(1)));
        http.withToken(TestTokens.of(ClientKind.HOSPITAL, hospitalSor)).json(course + "/$finish", p).assertError(403, "forbidden");
        http.withToken(TestTokens.of(ClientKind.GP, GP_YDERNUMMER)).json(course + "/$finish", p).assertError(403, "forbidden");
        http.withoutToken().json(course + "/$finish", p).assertError(401, "unauthenticated");
        assertThat(snapshot(course, plan)).isEqualTo(before);
    }

    @Test
    void anUnknownCourseIs404() {
        post("EpisodeOfCare/no-such-course", finish()).assertError(404, "not-found");
    }

    @Test
    void badParametersAre400WithNothingChanged() {
        String plan = plan();
        String course = course(plan, "geriatri");
        Snapshot before = snapshot(course, plan);
        Observation end = assessment(course, LAVE_MAD, 2, "end", now.minusHours(1));

        Parameters noReason = new Parameters();
        noReason.addParameter().setName("functionalStatus").setResource(end.copy());
        post(course, noReason).assertError(400, "invalid-parameters");

        Parameters unknown = finish(end.copy());
        unknown.addParameter().setName("reason").setValue(new StringType("done"));
        OperationOutcome outcome = post(course, unknown).assertError(400, "invalid-parameters");
        assertThat(outcome.getIssueFirstRep().getExpression()).extracting(e -> e.getValue()).containsExactly("Parameters.parameter[2].name");

        Parameters wrongType = new Parameters();
        wrongType.addParameter().setName("endReason").setValue(new StringType(END_REASON));
        post(course, wrongType).assertError(400, "invalid-parameters");

        Parameters badCode = new Parameters();
        badCode.addParameter().setName("endReason").setValue(new Coding(Canonical.CS_CARE_SOCIAL, "not-a-reason", null));
        badCode.addParameter().setName("functionalStatus").setResource(end.copy());
        post(course, badCode).assertError(422, "unknown-code");

        Parameters startPhase = finish(assessment(course, LAVE_MAD, 2, "start", now.minusHours(1)));
        post(course, startPhase).assertError(422, "invalid-value");

        Parameters future = finish(end.copy());
        future.addParameter().setName("end").setValue(new DateTimeType(java.util.Date.from(now.plusDays(3).toInstant())));
        post(course, future).assertError(422, "invalid-value");

        http.json(course + "/$finish", Plans.patient(Plans.newCpr())).assertError(400, "wrong-resource-type");
        http.post(course + "/$finish", "application/fhir+json", "{not json").assertError(400, "malformed-body");
        assertThat(snapshot(course, plan)).isEqualTo(before);
    }
}
