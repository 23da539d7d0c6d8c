package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The report scenarios of the golden and validation tests, built from the project's own examples ({@code examples/}):
 * Nancy's plan, course, sessions and FSIII assessment, changed per scenario.
 */
final class KlScenarios {
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String BASE = "http://rehab-adapter.dk/fhir";
    static final Date TIMESTAMP = Date.from(java.time.Instant.parse("2026-12-03T10:00:00Z"));

    private KlScenarios() {
    }

    static <T extends Resource> T example(String file, Class<T> type) {
        try {
            return FHIR.newJsonParser().parseResource(type, Files.readString(Path.of("examples", file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Patient patient() {
        return example("Patient-nancy.json", Patient.class);
    }

    static Organization centre() {
        return example("Organization-ishoej-kommune.json", Organization.class);
    }

    static Organization hospital() {
        return example("Organization-ouh-ortopaedkirurgisk.json", Organization.class);
    }

    static ServiceRequest plan() {
        return example("ServiceRequest-plan-nancy.json", ServiceRequest.class);
    }

    static ServiceRequest postponedPlan() {
        return example("ServiceRequest-plan-nancy-postponed.json", ServiceRequest.class);
    }

    static Condition diagnosis() {
        return example("Condition-nancy-hip-fracture.json", Condition.class);
    }

    static EpisodeOfCare course() {
        return example("EpisodeOfCare-course-nancy.json", EpisodeOfCare.class);
    }

    static Appointment assessment() {
        return example("Appointment-session-nancy-assessment.json", Appointment.class);
    }

    static Appointment training() {
        Appointment a = example("Appointment-session-nancy-styrkehold.json", Appointment.class);
        a.setStatus(Appointment.AppointmentStatus.FULFILLED);
        return a;
    }

    static Appointment cancelled() {
        return example("Appointment-session-nancy-cancelled.json", Appointment.class);
    }

    static Observation lavemad() {
        return example("Observation-functional-status-nancy-lave-mad-start.json", Observation.class);
    }

    static EpisodeOfCare ended(EpisodeOfCare course, EpisodeOfCare.EpisodeOfCareStatus status, String endReason, String display) {
        course.setStatus(status);
        course.getPeriod().setEndElement(new DateTimeType("2026-12-18T11:00:00+01:00"));
        if (endReason != null) {
            course.addExtension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, endReason, display)));
        }
        return course;
    }

    /** The sessions as the report reads them: their projection rows ({@link KlSession#of} says what a row holds). */
    static List<KlSession> sessions(Appointment... sessions) {
        return java.util.Arrays.stream(sessions).map(KlSession::of).toList();
    }

    static CitizenRecord record(List<CitizenRecord.Plan> plans, List<CitizenRecord.Course> courses) {
        return new CitizenRecord(patient(), centre(), List.of(hospital(), centre()), plans, courses);
    }

    /** Course finished: assessment and a training session held, one cancelled; an end assessment at level 1. */
    static CitizenRecord finished() {
        Observation end = lavemad();
        end.setId("functional-status-nancy-lave-mad-end");
        end.setEffective(new DateTimeType("2026-12-17T10:00:00+01:00"));
        end.getValueCodeableConcept().getCodingFirstRep().setCode("fcc16cb1-41f0-4832-b834-110fba0aaabe").setDisplay("1");
        return record(List.of(new CitizenRecord.Plan(plan(), List.of(diagnosis()))),
                List.of(new CitizenRecord.Course(ended(course(), EpisodeOfCare.EpisodeOfCareStatus.FINISHED,
                        Canonical.END_REASON_NO_NEED_PROFESSIONAL, "Ikke yderligere behov (fagperson-vurderet)"),
                        sessions(assessment(), training(), cancelled()), List.of(lavemad(), end))));
    }

    /** Course cancelled after the assessment: the citizen declined (Aktivt fravalg). */
    static CitizenRecord cancelledCourse() {
        return record(List.of(new CitizenRecord.Plan(plan(), List.of(diagnosis()))),
                List.of(new CitizenRecord.Course(ended(course(), EpisodeOfCare.EpisodeOfCareStatus.CANCELLED,
                        Canonical.END_REASON_DECLINED, "Aktivt fravalg"), sessions(assessment(), cancelled()), List.of(lavemad()))));
    }

    /** The citizen never showed: the assessment was a no-show and the course was cancelled for it; no course period start. */
    static CitizenRecord neverShowed() {
        Appointment noshow = assessment();
        noshow.setStatus(Appointment.AppointmentStatus.NOSHOW);
        EpisodeOfCare course = ended(course(), EpisodeOfCare.EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_NO_CONTACT,
                "Borger har ikke henvendt sig eller er udeblevet");
        course.getPeriod().setStartElement(null);
        return record(List.of(new CitizenRecord.Plan(plan(), List.of(diagnosis()))),
                List.of(new CitizenRecord.Course(course, sessions(noshow), List.of())));
    }

    /** A plan of type specialiseret, rejected (not the municipality's): revoked, no course. */
    static CitizenRecord specialiseret() {
        ServiceRequest plan = plan();
        plan.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        plan.getCategory().clear();
        plan.addCategory(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.PLAN_TYPE_SPECIALISERET, "Specialiseret")));
        plan.setOccurrence(null);
        return record(List.of(new CitizenRecord.Plan(plan, List.of(diagnosis()))), List.of());
    }

    /** Two plans for one citizen: the first, and the later one that replaces it (on hold: udskudt), each with a course. */
    static CitizenRecord severalPlans() {
        EpisodeOfCare first = ended(course(), EpisodeOfCare.EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_EVENT, "Hændelse medfører ophør");
        EpisodeOfCare second = course();
        second.setId("course-nancy-2");
        second.getReferralRequest().clear();
        second.addReferralRequest(new Reference("ServiceRequest/plan-nancy-postponed"));
        second.setStatus(EpisodeOfCare.EpisodeOfCareStatus.WAITLIST);
        second.getPeriod().setStartElement(null);
        return record(List.of(new CitizenRecord.Plan(plan(), List.of(diagnosis())), new CitizenRecord.Plan(postponedPlan(), List.of(diagnosis()))),
                List.of(new CitizenRecord.Course(first, sessions(assessment()), List.of(lavemad())),
                        new CitizenRecord.Course(second, List.of(), List.of())));
    }
}
