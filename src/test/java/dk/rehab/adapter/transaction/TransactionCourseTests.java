package dk.rehab.adapter.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * A transaction Bundle with a citizen's whole course: therapist, team, Patient, hospital, diagnosis, plan, course,
 * sessions with their outcome and a start assessment, all by urn:uuid placeholders, stored in one transaction by the
 * same rules as single creates (the generator bench/YearLoad.java sends many citizens this way), or nothing.
 */
abstract class TransactionCourseTests extends IntegrationTest {
    static final String PKG = "knae-menisk-individuel"; // 8 individual sessions

    record Urls(String therapist, String team, String patient, String hospital, String plan, String course) {
    }

    Bundle course(String cpr, int individualSessions) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Urls u = new Urls(urn(), urn(), urn(), urn(), urn(), urn());
        // in the order a client may write them: the course and its sessions before what they refer to
        EpisodeOfCare course = Courses.course(u.patient(), u.plan(), "sul-140", "knae-menisk", PKG);
        course.setCareManager(new Reference(u.therapist()));
        add(b, u.course(), course, null);
        OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).minusDays(20).withNano(0);
        add(b, null, Courses.session(u.course(), u.patient(), "assessment", first, 60, null, u.therapist()), null);
        for (int i = 1; i <= individualSessions; i++) {
            Appointment s = Courses.session(u.course(), u.patient(), "individual", first.plusDays(i), 45, null, u.therapist());
            s.setStatus(i == 2 ? Appointment.AppointmentStatus.NOSHOW : Appointment.AppointmentStatus.FULFILLED);
            add(b, null, s, null);
        }
        Observation start = FunctionalStatus.observation("x", "x", "x", "dd41df82-3c13-4523-b9c5-e83676425299", 3, "start", first.plusMinutes(50));
        start.getExtensionByUrl(Canonical.EXT_COURSE).setValue(new Reference(u.course()));
        start.setSubject(new Reference(u.patient()));
        start.getPerformerFirstRep().setReference(u.therapist());
        add(b, null, start, null);
        add(b, u.therapist(), Courses.therapist("Hansen"), null);
        add(b, u.team(), Courses.team("Hold tirsdag", 8), null);
        add(b, u.patient(), Plans.patient(cpr), "identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        add(b, u.hospital(), Plans.hospital(Plans.uniqueSor(), null), null);
        String diagnosis = urn();
        add(b, diagnosis, Plans.diagnosis(u.patient(), "DS832"), null);
        ServiceRequest plan = Plans.plan(u.patient(), u.hospital(), LocalDate.now().minusDays(22));
        plan.addReasonReference(new Reference(diagnosis));
        add(b, u.plan(), plan, null);
        return b;
    }

    @Test
    void aCitizensWholeCourseIsStoredInOneTransactionWithEveryReferenceResolved() {
        String cpr = Plans.newCpr();
        Bundle request = course(cpr, 3);
        Http.Response answer = http.json("", request);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        Bundle response = answer.resource(Bundle.class);
        assertThat(response.getEntry()).hasSize(request.getEntry().size());
        for (int i = 0; i < request.getEntry().size(); i++) {
            assertThat(response.getEntry().get(i).getResponse().getStatus()).isEqualTo("201 Created");
            assertThat(response.getEntry().get(i).getResponse().getLocation()).startsWith(request.getEntry().get(i).getResource().fhirType() + "/");
        }
        String courseId = id(response, 0);
        String sessionId = id(response, 1);
        String observationId = id(response, 5);
        String patientRef = "Patient/" + id(response, 8);
        String planRef = "ServiceRequest/" + id(response, 11);

        EpisodeOfCare course = http.get("EpisodeOfCare/" + courseId).resource(EpisodeOfCare.class);
        assertThat(course.getPatient().getReference()).isEqualTo(patientRef);
        assertThat(course.getReferralRequestFirstRep().getReference()).isEqualTo(planRef);
        assertThat(course.getCareManager().getReference()).isEqualTo("Practitioner/" + id(response, 6));
        Extension usage = course.getExtensionByUrl(Canonical.EXT_SESSION_USAGE);
        assertThat(usage.getExtensionByUrl("used").getValue().primitiveValue()).isEqualTo("3");
        assertThat(usage.getExtensionByUrl("attended").getValue().primitiveValue()).isEqualTo("2");
        assertThat(usage.getExtensionByUrl("noshow").getValue().primitiveValue()).isEqualTo("1");

        Appointment assessment = http.get("Appointment/" + sessionId).resource(Appointment.class);
        assertThat(((Reference) assessment.getExtensionByUrl(Canonical.EXT_COURSE).getValue()).getReference()).isEqualTo("EpisodeOfCare/" + courseId);
        assertThat(assessment.getBasedOnFirstRep().getReference()).isEqualTo(planRef);
        Observation start = http.get("Observation/" + observationId).resource(Observation.class);
        assertThat(start.getSubject().getReference()).isEqualTo(patientRef);
        // the first session booked set the plan's offered first contact, as a single create does
        ServiceRequest plan = http.get(planRef).resource(ServiceRequest.class);
        assertThat(plan.getOccurrencePeriod().getStart()).isEqualTo(assessment.getStart());
        Bundle sessions = http.get("Appointment?course=EpisodeOfCare/" + courseId + "&_count=0").resource(Bundle.class);
        assertThat(sessions.getTotal()).isEqualTo(4);
    }

    @Test
    void aSessionBeyondThePackageRefusesTheWholeTransaction() {
        String cpr = Plans.newCpr();
        Http.Response answer = http.json("", course(cpr, 9)); // the package allows 8 individual sessions
        answer.assertError(422, "package-exhausted");
        Bundle found = http.post("Patient/_search", "application/x-www-form-urlencoded",
                "identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class);
        assertThat(found.getTotal()).as("nothing of the refused transaction is stored").isZero();
    }

    @Test
    void aHospitalMayNotCreateCoursesInATransaction() {
        String sor = Plans.uniqueSor();
        http.withToken(TestTokens.of(ClientKind.HOSPITAL, sor)).json("", course(Plans.newCpr(), 1)).assertError(403, "forbidden");
    }

    private static void add(Bundle b, String fullUrl, Resource r, String ifNoneExist) {
        Bundle.BundleEntryComponent e = b.addEntry().setResource(r);
        if (fullUrl != null) {
            e.setFullUrl(fullUrl);
        }
        e.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(r.fhirType()).setIfNoneExist(ifNoneExist);
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    private static String id(Bundle response, int entry) {
        return response.getEntry().get(entry).getResponse().getLocation().split("/")[1];
    }
}
