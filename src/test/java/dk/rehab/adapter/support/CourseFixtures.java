package dk.rehab.adapter.support;

import dk.rehab.adapter.course.CourseFinished;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.context.ApplicationContext;

/**
 * Courses, sessions and therapists as the shared contract with issue 4 describes them (EpisodeOfCare with the legal-basis
 * extension, Appointments with the course extension and their row in issue 4's {@code session} projection, Practitioner),
 * stored directly through the {@link ResourceStore}, so a test can give a course any history without the booking rules;
 * and the end of a course: the course set to finished and {@link CourseFinished} published inside that transaction,
 * as issue 4's course service does.
 */
public final class CourseFixtures {
    private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private final ResourceStore store;
    private final WriteTransactions transactions;
    private final ApplicationContext context;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    public CourseFixtures(ApplicationContext context) {
        this.context = context;
        this.store = context.getBean(ResourceStore.class);
        this.transactions = context.getBean(WriteTransactions.class);
        this.jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
    }

    public String therapist() {
        Practitioner p = new Practitioner();
        p.addName(new HumanName().setFamily("Fysioterapeut").addGiven("Lise"));
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("43 57 70 00");
        return transactions.run(() -> store.create(p.copy()).getIdElement().getIdPart());
    }

    public String centre() {
        Organization o = new Organization();
        o.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue("425611000016006");
        o.setName("Ishøj Kommune, Sundhedscenter Genoptræning");
        o.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("43 57 75 00");
        o.addAddress(new Address().addLine("Vejledalen 17").setPostalCode("2635").setCity("Ishøj"));
        return transactions.run(() -> store.create(o.copy()).getIdElement().getIdPart());
    }

    /** A course of {@code legalBasis} (e.g. sul-140) for the patient, started {@code start}, in progress. */
    public String course(String patientId, String planId, String therapistId, String centreId, String legalBasis, LocalDate start) {
        EpisodeOfCare c = new EpisodeOfCare();
        c.getMeta().addProfile(Canonical.PROFILE_COURSE);
        c.addExtension(new Extension(Canonical.EXT_COURSE_LEGAL_BASIS,
                new CodeableConcept(new Coding(Canonical.CS_LEGAL_BASIS, legalBasis, null))));
        c.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        c.addType().setText("Geriatri, styrkehold (24 × 45 min)");
        c.setPatient(new Reference("Patient/" + patientId));
        if (centreId != null) {
            c.setManagingOrganization(new Reference("Organization/" + centreId));
        }
        c.getPeriod().setStart(date(start));
        if (planId != null) {
            c.addReferralRequest(new Reference("ServiceRequest/" + planId));
        }
        if (therapistId != null) {
            c.setCareManager(new Reference("Practitioner/" + therapistId));
        }
        return transactions.run(() -> store.create(c.copy()).getIdElement().getIdPart());
    }

    /** Sessions of the course, one per status given, a day apart from {@code first}. */
    public void sessions(String courseId, String patientId, LocalDate first, List<Appointment.AppointmentStatus> statuses) {
        transactions.run(() -> {
            for (int i = 0; i < statuses.size(); i++) {
                Appointment a = new Appointment();
                a.addExtension(new Extension(Canonical.EXT_COURSE, new Reference("EpisodeOfCare/" + courseId)));
                a.setStatus(statuses.get(i));
                if (statuses.get(i) == Appointment.AppointmentStatus.CANCELLED) {
                    a.setCancelationReason(new CodeableConcept().setText("afbud"));
                }
                Date start = date(first.plusDays(i));
                a.setStart(start);
                a.setEnd(new Date(start.getTime() + 45 * 60_000));
                a.addParticipant().setActor(new Reference("Patient/" + patientId)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
                String id = store.create(a).getIdElement().getIdPart();
                java.time.OffsetDateTime at = start.toInstant().atOffset(java.time.ZoneOffset.UTC);
                jdbc.update("insert into session (res_id, course_id, patient_id, session_type, status, start_at, end_at, last_updated) "
                        + "values (?,?,?,?,?,?,?,?)", id, courseId, patientId, "individual", statuses.get(i).toCode(), at, at.plusMinutes(45), at);
            }
            return null;
        });
    }

    /** Finishes the course on {@code end} with an end reason, publishing CourseFinished inside the same transaction. */
    public void finish(String courseId, LocalDate end, String endReason) {
        transactions.run(() -> {
            StoredResource current = store.currentForUpdate("EpisodeOfCare", courseId).orElseThrow();
            EpisodeOfCare c = store.parse(current, EpisodeOfCare.class);
            c.addStatusHistory().setStatus(c.getStatus()).setPeriod(c.getPeriod().copy().setEnd(date(end)));
            c.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
            c.getPeriod().setEnd(date(end));
            if (endReason != null) {
                c.addExtension(new Extension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL,
                        "a63b6aa6-7d56-4e67-a5b3-d73f6d262af5", endReason))));
            }
            store.update(c, current.version()).orElseThrow();
            String planId = c.getReferralRequest().isEmpty() ? null : c.getReferralRequestFirstRep().getReferenceElement().getIdPart();
            context.publishEvent(new CourseFinished(courseId, c.getPatient().getReferenceElement().getIdPart(), planId));
            return null;
        });
    }

    static Date date(LocalDate day) {
        return Date.from(day.atTime(10, 0).atZone(ZONE).toInstant());
    }
}
