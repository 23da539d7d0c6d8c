package dk.rehab.adapter.course;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Courses (EpisodeOfCare) and therapists (Practitioner): create, read, update with the status life cycle, CourseFinished. */
@Import(CourseApiTests.Listener.class)
abstract class CourseApiTests extends IntegrationTest {
    /** Records every CourseFinished and whether it arrived inside a transaction. */
    @TestConfiguration
    static class Listener {
        static final List<Object[]> EVENTS = new CopyOnWriteArrayList<>();

        @Bean
        Object courseFinishedListener() {
            return new Object() {
                @EventListener
                public void on(CourseFinished event) {
                    EVENTS.add(new Object[] {event, TransactionSynchronizationManager.isActualTransactionActive()});
                }
            };
        }
    }

    String patientId;
    String planId;
    String therapistRef;

    @BeforeEach
    void planAndTherapist() {
        String cpr = Plans.newCpr();
        patientId = http.json("Patient", Plans.patient(cpr)).resource(Patient.class).getIdElement().getIdPart();
        String hospital = http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)).resource(Organization.class)
                .getIdElement().getIdPart();
        planId = http.json("ServiceRequest", Plans.plan("Patient/" + patientId, "Organization/" + hospital, LocalDate.now().minusDays(1)))
                .resource(ServiceRequest.class).getIdElement().getIdPart();
        therapistRef = "Practitioner/" + http.json("Practitioner", Courses.therapist("Hansen")).resource(Practitioner.class)
                .getIdElement().getIdPart();
    }

    EpisodeOfCare planCourse() {
        EpisodeOfCare course = Courses.course("Patient/" + patientId, "ServiceRequest/" + planId, "sul-140", "knae-menisk", "knae-menisk-hold");
        course.setCareManager(new org.hl7.fhir.r4.model.Reference(therapistRef));
        return course;
    }

    Http.Response put(EpisodeOfCare course) {
        return http.update("EpisodeOfCare/" + course.getIdElement().getIdPart(), course);
    }

    @Test
    void courseFromAPlanLivesPlannedActiveFinishedAndPublishesCourseFinishedOnce() {
        Http.Response created = http.json("EpisodeOfCare", planCourse());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        EpisodeOfCare course = created.resource(EpisodeOfCare.class);
        assertThat(course.getMeta().getProfile().get(0).getValue()).isEqualTo(Canonical.PROFILE_COURSE);
        assertThat(course.getStatusHistory()).hasSize(1);
        Extension usage = course.getExtensionByUrl(Canonical.EXT_SESSION_USAGE);
        assertThat(((IntegerType) usage.getExtensionByUrl("package").getValue()).getValue()).isEqualTo(12);
        assertThat(((IntegerType) usage.getExtensionByUrl("remaining").getValue()).getValue()).isEqualTo(12);

        course.setStatus(EpisodeOfCareStatus.ACTIVE);
        Http.Response active = put(course);
        assertThat(active.status()).as(active.text()).isEqualTo(200);
        course = active.resource(EpisodeOfCare.class);
        assertThat(course.getPeriod().hasStart()).isTrue();
        assertThat(course.getStatusHistory()).extracting(h -> h.getStatus().toCode()).containsExactly("planned", "active");
        assertThat(course.getStatusHistory().get(0).getPeriod().hasEnd()).isTrue();

        Courses.end(course, EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        Listener.EVENTS.clear();
        Http.Response finished = put(course);
        assertThat(finished.status()).as(finished.text()).isEqualTo(200);
        course = finished.resource(EpisodeOfCare.class);
        assertThat(course.getPeriod().hasEnd()).isTrue();
        assertThat(course.getStatusHistory()).extracting(h -> h.getStatus().toCode()).containsExactly("planned", "active", "finished");
        assertThat(Listener.EVENTS).hasSize(1);
        assertThat(Listener.EVENTS.get(0)[0]).isEqualTo(new CourseFinished(course.getIdElement().getIdPart(), patientId, planId));
        assertThat(Listener.EVENTS.get(0)[1]).isEqualTo(true);

        Http.Response again = put(course);
        assertThat(again.status()).isEqualTo(200);
        assertThat(Listener.EVENTS).hasSize(1);
        assertThat(http.get("EpisodeOfCare/" + course.getIdElement().getIdPart() + "/_history").resource(Bundle.class).getEntry()).hasSize(4);
    }

    @Test
    void illegalTransitionsAreRefusedWith422() {
        EpisodeOfCare course = http.json("EpisodeOfCare", planCourse()).resource(EpisodeOfCare.class);
        Courses.end(course, EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        put(course).assertError(422, "invalid-transition");

        Courses.end(course, EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_DECLINED);
        EpisodeOfCare cancelled = put(course).resource(EpisodeOfCare.class);
        assertThat(cancelled.getStatus()).isEqualTo(EpisodeOfCareStatus.CANCELLED);
        cancelled.setStatus(EpisodeOfCareStatus.ACTIVE);
        cancelled.getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_COURSE_END_REASON));
        put(cancelled).assertError(422, "invalid-transition");

        EpisodeOfCare onhold = planCourse();
        onhold.setStatus(EpisodeOfCareStatus.ONHOLD);
        Http.Response refused = http.json("EpisodeOfCare", onhold);
        assertThat(refused.assertError(422, "invalid-value").getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("EpisodeOfCare.status");
        EpisodeOfCare finished = planCourse();
        Courses.end(finished, EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        http.json("EpisodeOfCare", finished).assertError(422, "invalid-transition");
    }

    @Test
    void finishingOrCancellingNeedsAKlEndReason() {
        EpisodeOfCare course = http.json("EpisodeOfCare", planCourse()).resource(EpisodeOfCare.class);
        course.setStatus(EpisodeOfCareStatus.CANCELLED);
        var outcome = put(course).assertError(422, "required-element-missing");
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).contains(Canonical.EXT_COURSE_END_REASON);
        Courses.end(course, EpisodeOfCareStatus.CANCELLED, Canonical.STATUS_REASON_FRIT_VALG);
        put(course).assertError(422, "unknown-code");
        assertThat(http.get("EpisodeOfCare/" + course.getIdElement().getIdPart()).resource(EpisodeOfCare.class).getStatus())
                .isEqualTo(EpisodeOfCareStatus.PLANNED);
    }

    @Test
    void oneOpenCoursePerPlanButANewOneAfterTheFirstEnded() {
        EpisodeOfCare first = http.json("EpisodeOfCare", planCourse()).resource(EpisodeOfCare.class);
        http.json("EpisodeOfCare", planCourse()).assertError(422, "course-already-open");
        Courses.end(first, EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_EVENT);
        assertThat(put(first).status()).isEqualTo(200);
        assertThat(http.json("EpisodeOfCare", planCourse()).status()).isEqualTo(201);
    }

    @Test
    void directReferralsWithoutAPlan() {
        for (String basis : List.of("sel-86-1", "sel-86-1-jobcenter", "sel-86-1-funktionsevnevurdering", "sel-86-2", "sul-119", "sul-140a")) {
            EpisodeOfCare course = Courses.course("Patient/" + patientId, null, basis, "ryg-nakke", null);
            Http.Response created = http.json("EpisodeOfCare", course);
            assertThat(created.status()).as(basis + ": " + created.text()).isEqualTo(201);
            assertThat(created.resource(EpisodeOfCare.class).hasReferralRequest()).isFalse();
        }
        http.json("EpisodeOfCare", Courses.course("Patient/" + patientId, null, "sul-140", "hofte", null))
                .assertError(422, "required-element-missing");
        http.json("EpisodeOfCare", Courses.course("Patient/" + patientId, "ServiceRequest/" + planId, "sel-86-1", "hofte", null))
                .assertError(422, "invalid-value");
        http.json("EpisodeOfCare", Courses.course("Patient/" + patientId, null, "sel-86-1", "ryg-nakke", null))
                .assertError(422, "course-already-open");
    }

    @Test
    void badInputNamesTheElement() {
        EpisodeOfCare course = Courses.course("Patient/" + patientId, "ServiceRequest/" + planId, "sul-999", "knae", "no-such-package");
        Http.Response refused = http.json("EpisodeOfCare", course);
        var outcome = refused.assertError(422, "unknown-code");
        assertThat(outcome.getIssue()).anyMatch(i -> "unknown-package".equals(i.getDetails().getCodingFirstRep().getCode()));
        EpisodeOfCare wrongGroup = Courses.course("Patient/" + patientId, "ServiceRequest/" + planId, "sul-140", "geriatri", "knae-menisk-hold");
        http.json("EpisodeOfCare", wrongGroup).assertError(422, "invalid-value");
        EpisodeOfCare noGroup = planCourse();
        noGroup.getType().clear();
        http.json("EpisodeOfCare", noGroup).assertError(422, "required-element-missing");
        EpisodeOfCare otherCitizen = planCourse();
        String other = http.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
        otherCitizen.setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + other));
        http.json("EpisodeOfCare", otherCitizen).assertError(422, "invalid-reference");
        assertThat(http.get("EpisodeOfCare?patient=" + patientId).resource(Bundle.class).getTotal()).isZero();
    }

    @Test
    void extraSessionGrantsAreKeptAndCannotBeRewritten() {
        EpisodeOfCare course = http.json("EpisodeOfCare", planCourse()).resource(EpisodeOfCare.class);
        Courses.grant(course, 4, therapistRef, "Borgeren er ikke klar til at afslutte");
        EpisodeOfCare granted = put(course).resource(EpisodeOfCare.class);
        Extension usage = granted.getExtensionByUrl(Canonical.EXT_SESSION_USAGE);
        assertThat(((IntegerType) usage.getExtensionByUrl("extra").getValue()).getValue()).isEqualTo(4);
        assertThat(((IntegerType) usage.getExtensionByUrl("remaining").getValue()).getValue()).isEqualTo(16);

        granted.getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_EXTRA_SESSIONS));
        put(granted).assertError(422, "invalid-value");
        EpisodeOfCare noReason = http.get("EpisodeOfCare/" + granted.getIdElement().getIdPart()).resource(EpisodeOfCare.class);
        Courses.grant(noReason, 0, therapistRef, "Mere træning");
        put(noReason).assertError(422, "invalid-value");
    }

    @Test
    void practitionersAreCreatedOnceAndFoundByIdentifier() {
        Practitioner therapist = Courses.therapist("Jensen");
        Http.Response first = http.json("Practitioner", therapist);
        Http.Response second = http.json("Practitioner", therapist);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        String id = first.resource(Practitioner.class).getIdElement().getIdPart();
        assertThat(second.resource(Practitioner.class).getIdElement().getIdPart()).isEqualTo(id);
        Bundle found = http.get("Practitioner?identifier=" + Courses.STAFF + "|" + therapist.getIdentifierFirstRep().getValue()).resource(Bundle.class);
        assertThat(found.getEntry()).singleElement().satisfies(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(id));
        Practitioner nameless = Courses.therapist("x");
        nameless.getName().clear();
        http.json("Practitioner", nameless).assertError(422, "required-element-missing");
    }

    @Test
    void theServiceCatalogueIsReadableAndSearchable() {
        Bundle all = http.get("PlanDefinition?_count=100").resource(Bundle.class);
        assertThat(all.getTotal()).isEqualTo(22);
        Bundle knee = http.get("PlanDefinition?diagnosis-group=knae&_count=100").resource(Bundle.class);
        assertThat(knee.getTotal()).isEqualTo(16);
        Bundle geriatricGroups = http.get("PlanDefinition?diagnosis-group=" + Canonical.CS_DIAGNOSIS_GROUPS + "|geriatri&modality=group")
                .resource(Bundle.class);
        assertThat(geriatricGroups.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder("geriatri-styrkehold", "geriatri-balancehold");
        org.hl7.fhir.r4.model.PlanDefinition balance = http.get("PlanDefinition/geriatri-balancehold")
                .resource(org.hl7.fhir.r4.model.PlanDefinition.class);
        assertThat(balance.getAction().get(0).getTimingDuration().getValue().intValue()).isEqualTo(120);
        assertThat(balance.getAction().get(1).getTimingTiming().getRepeat().getDuration().intValue()).isEqualTo(45);
        assertThat(balance.getGoalFirstRep().getTargetFirstRep().getDetailQuantity().getValue().intValue()).isEqualTo(80);
        assertThat(balance.getUsage()).contains("Kategori 3");
        assertThat(http.get("PlanDefinition?url=" + Canonical.PACKAGE_BASE + "knae-slidgigt-hold").resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(http.get("PlanDefinition?title:contains=meniskopererede&_count=1").resource(Bundle.class).getTotal()).isEqualTo(3);
        assertThat(http.get("PlanDefinition?title:contains=meniskopererede&_count=1").resource(Bundle.class).getLink("next")).isNotNull();
        http.get("PlanDefinition/nope").assertError(404, "not-found");
        http.post("PlanDefinition", "application/fhir+json", "{\"resourceType\":\"PlanDefinition\",\"status\":\"active\"}")
                .assertError(405, "method-not-allowed");
    }

    /** {@code _include=*} and {@code _revinclude=*}, as on HAPI's JPA server: every include the type declares. */
    @Test
    void wildcardIncludesBringEverythingThePlanAndTheCourseReferenceOrAreReferencedBy() {
        EpisodeOfCare course = http.json("EpisodeOfCare", planCourse()).resource(EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        java.time.OffsetDateTime day = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusDays(1);
        Http.Response session = http.json("Appointment", Courses.session(courseRef, "Patient/" + patientId, "assessment", day, 60, null, therapistRef));
        assertThat(session.status()).as(session.text()).isEqualTo(201);
        String sessionId = session.resource(org.hl7.fhir.r4.model.Appointment.class).getIdElement().getIdPart();

        Bundle plans = http.get("ServiceRequest?_id=" + planId + "&_include=*&_revinclude=*").resource(Bundle.class);
        assertThat(plans.getTotal()).isEqualTo(1);
        assertThat(plans.getEntry()).filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .extracting(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart())
                .contains("Patient/" + patientId, courseRef, "Appointment/" + sessionId)
                .anyMatch(ref -> ref.startsWith("Organization/"))
                .doesNotHaveDuplicates();
        EpisodeOfCare included = (EpisodeOfCare) plans.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof EpisodeOfCare).findFirst().orElseThrow();
        assertThat(included.getExtensionByUrl(Canonical.EXT_SESSION_USAGE)).as("an included course carries its usage, as read alone")
                .isNotNull();

        Bundle courses = http.get("EpisodeOfCare?_id=" + course.getIdElement().getIdPart() + "&_include=*&_revinclude=*").resource(Bundle.class);
        assertThat(courses.getEntry()).extracting(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart())
                .contains(courseRef, "Patient/" + patientId, therapistRef, "ServiceRequest/" + planId, "Appointment/" + sessionId)
                .doesNotHaveDuplicates();

        Bundle sessions = http.get("Appointment?_id=" + sessionId + "&_include=*&_revinclude=*").resource(Bundle.class);
        assertThat(sessions.getEntry()).extracting(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart())
                .contains("Appointment/" + sessionId, "Patient/" + patientId, therapistRef, courseRef);

        http.get("ServiceRequest?_id=" + planId + "&_revinclude=Observation:subject").assertError(400, "invalid-search-parameter");
    }
}
