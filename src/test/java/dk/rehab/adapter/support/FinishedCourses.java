package dk.rehab.adapter.support;

import static dk.rehab.adapter.support.FunctionalStatus.FORFLYTTE_SIG;
import static dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD;
import static dk.rehab.adapter.support.FunctionalStatus.observation;
import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Finished courses whose final status goes to two recipients: a citizen with a plan (consent given, GP copy to the GP by
 * ydernummer, final status to the hospital by GLN), a course with sessions and start/end assessments, finished.
 */
public final class FinishedCourses {
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 10, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private final Http http;
    private final CourseFixtures fixtures;
    private final String gpYdernummer;
    private final String hospitalGln;
    private final String therapist;
    private final String centre;

    public FinishedCourses(Http http, CourseFixtures fixtures, String gpYdernummer, String hospitalGln) {
        this.http = http;
        this.fixtures = fixtures;
        this.gpYdernummer = gpYdernummer;
        this.hospitalGln = hospitalGln;
        this.therapist = fixtures.therapist();
        this.centre = fixtures.centre();
    }

    /** A finished course; returns its final status. */
    public DocumentReference finish() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(null, hospitalGln), LocalDate.of(2026, 9, 28));
        ServiceRequest plan = Plans.planOf(tx);
        Plans.consent(plan, true);
        Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
        gpCopy.addExtension("wanted", new BooleanType(true));
        gpCopy.addExtension("receiver", new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER)
                .setValue(gpYdernummer)).setDisplay("Lægerne i Ishøj"));
        plan.addExtension(gpCopy);
        plan.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, new Reference(tx.getEntry().get(1).getFullUrl())));
        Http.Response stored = http.json("", tx);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        Bundle answer = stored.resource(Bundle.class);
        String patientId = answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
        String planId = answer.getEntry().get(3).getResponse().getLocation().split("/")[1];

        String course = fixtures.course(patientId, planId, therapist, centre, "sul-140", LocalDate.of(2026, 10, 1));
        fixtures.sessions(course, patientId, LocalDate.of(2026, 10, 2), List.of(AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW,
                AppointmentStatus.FULFILLED));
        assertThat(http.json("Observation", FunctionalStatus.expected(observation(patientId, course, therapist, LAVE_MAD, 3, "start", T0), 1))
                .status()).isEqualTo(201);
        assertThat(http.json("Observation", observation(patientId, course, therapist, LAVE_MAD, 1, "end", T0.plusDays(30))).status()).isEqualTo(201);
        assertThat(http.json("Observation", FunctionalStatus.expected(observation(patientId, course, therapist, FORFLYTTE_SIG, 4, "start", T0), 2))
                .status()).isEqualTo(201);
        assertThat(http.json("Observation", observation(patientId, course, therapist, FORFLYTTE_SIG, 3, "end", T0.plusDays(30))).status())
                .isEqualTo(201);
        fixtures.finish(course, LocalDate.of(2026, 11, 1), "Ikke yderligere behov (fagpersons vurdering)");
        Bundle found = http.get("DocumentReference?course=EpisodeOfCare/" + course + "&status=current").resource(Bundle.class);
        assertThat(found.getEntry()).hasSize(1);
        return (DocumentReference) found.getEntryFirstRep().getResource();
    }
}
