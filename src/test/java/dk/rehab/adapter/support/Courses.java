package dk.rehab.adapter.support;

import dk.rehab.adapter.fhir.Canonical;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** Valid test data for courses: therapists, teams, courses and sessions. */
public final class Courses {
    public static final String STAFF = "urn:oid:1.2.208.176.43.99.1";
    public static final String PKG = Canonical.PACKAGE_BASE;

    private Courses() {
    }

    public static Practitioner therapist(String name) {
        Practitioner p = new Practitioner();
        p.addIdentifier().setSystem(STAFF).setValue(UUID.randomUUID().toString().substring(0, 12));
        p.addName(new HumanName().setFamily(name).addGiven("Terapeut"));
        return p;
    }

    public static HealthcareService team(String name, int capacity) {
        HealthcareService team = new HealthcareService();
        team.addIdentifier().setSystem(STAFF + ".2").setValue(UUID.randomUUID().toString().substring(0, 12));
        team.setName(name);
        team.addExtension(new Extension(Canonical.EXT_TEAM_CAPACITY, new IntegerType(capacity)));
        return team;
    }

    /** A planned course; {@code planRef} null for a direct referral. {@code pkg} the PlanDefinition id, or null. */
    public static EpisodeOfCare course(String patientRef, String planRef, String legalBasis, String group, String pkg) {
        EpisodeOfCare course = new EpisodeOfCare();
        course.addExtension(new Extension(Canonical.EXT_COURSE_LEGAL_BASIS,
                new CodeableConcept(new Coding(Canonical.CS_LEGAL_BASIS, legalBasis, null))));
        if (pkg != null) {
            course.addExtension(new Extension(Canonical.EXT_COURSE_PACKAGE, new CanonicalType(PKG + pkg)));
        }
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.PLANNED);
        course.addType(new CodeableConcept(new Coding(Canonical.CS_DIAGNOSIS_GROUPS, group, null)));
        course.setPatient(new Reference(patientRef));
        if (planRef != null) {
            course.addReferralRequest(new Reference(planRef));
        }
        return course;
    }

    public static void end(EpisodeOfCare course, EpisodeOfCare.EpisodeOfCareStatus status, String reason) {
        course.setStatus(status);
        course.getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_COURSE_END_REASON));
        course.addExtension(new Extension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, reason, null))));
    }

    public static void grant(EpisodeOfCare course, int sessions, String therapistRef, String why) {
        Extension grant = new Extension(Canonical.EXT_EXTRA_SESSIONS);
        grant.addExtension("sessions", new IntegerType(sessions));
        grant.addExtension("grantedBy", new Reference(therapistRef));
        grant.addExtension("date", new DateTimeType(new Date()));
        grant.addExtension("reason", new StringType(why));
        course.addExtension(grant);
    }

    /** A booked session of {@code minutes} from {@code start}. */
    public static Appointment session(String courseRef, String patientRef, String type, OffsetDateTime start, int minutes,
                                      String teamRef, String... therapistRefs) {
        Appointment a = new Appointment();
        a.addExtension(new Extension(Canonical.EXT_COURSE, new Reference(courseRef)));
        a.addExtension(new Extension(Canonical.EXT_SESSION_PLACE, new Coding(Canonical.CS_SESSION_PLACES, "centre", null)));
        a.setStatus(Appointment.AppointmentStatus.BOOKED);
        a.setAppointmentType(new CodeableConcept(new Coding(Canonical.CS_SESSION_TYPES, type, null)));
        a.setStartElement(new InstantType(Date.from(start.toInstant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(ZoneOffset.UTC)));
        a.setEndElement(new InstantType(Date.from(start.plusMinutes(minutes).toInstant()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(ZoneOffset.UTC)));
        a.addParticipant().setActor(new Reference(patientRef)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        for (String t : therapistRefs) {
            a.addParticipant().setActor(new Reference(t)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        if (teamRef != null) {
            a.addParticipant().setActor(new Reference(teamRef)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        return a;
    }

    public static void cancel(Appointment a, String reason) {
        a.setStatus(Appointment.AppointmentStatus.CANCELLED);
        a.setCancelationReason(new CodeableConcept(new Coding(Canonical.CS_CANCELLATION_REASONS, reason, null)));
    }
}
