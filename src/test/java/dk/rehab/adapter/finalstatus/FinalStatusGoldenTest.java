package dk.rehab.adapter.finalstatus;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.FunctionalStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the two renditions of a final status, from fixed facts: the PDF's text (extracted with PDFBox) and the
 * FHIR document (compared structurally with {@code equalsDeep}) must equal {@code src/test/resources/finalstatus/}.
 * After a deliberate change, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class FinalStatusGoldenTest {
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Path DIR = Path.of("src/test/resources/finalstatus");
    private static final Instant CREATED = Instant.parse("2026-11-02T09:30:00Z");

    static FinalStatusFacts facts() {
        Patient patient = new Patient();
        patient.setId("nancy");
        patient.addIdentifier().setSystem(Canonical.SYSTEM_CPR).setValue("2512489996");
        patient.addName(new HumanName().setFamily("Berggren").addGiven("Nancy").addGiven("Ann"));
        Organization hospital = new Organization();
        hospital.setId("ouh");
        hospital.setName("OUH Odense Universitetshospital, Ortopædkirurgisk Afdeling");
        Organization centre = new Organization();
        centre.setId("ishoej");
        centre.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue("425611000016006");
        centre.setName("Ishøj Kommune, Sundhedscenter Genoptræning");
        centre.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("43 57 75 00");
        centre.addAddress(new Address().addLine("Vejledalen 17").setPostalCode("2635").setCity("Ishøj"));
        Practitioner therapist = new Practitioner();
        therapist.setId("hansen");
        therapist.addName(new HumanName().setFamily("Hansen").addGiven("Lise"));
        therapist.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("lise.hansen@ishoj.dk");
        ServiceRequest plan = new ServiceRequest();
        plan.setId("plan-nancy");
        plan.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:3b8f2a1e-8d5c-4a7e-9f11-5c2d9e0a7b64");
        plan.setAuthoredOn(Date.from(Instant.parse("2026-09-29T08:00:00Z")));
        plan.setRequester(new Reference("Organization/ouh"));
        EpisodeOfCare course = new EpisodeOfCare();
        course.setId("course-nancy");
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        course.addExtension(new Extension(Canonical.EXT_COURSE_LEGAL_BASIS, new CodeableConcept(new Coding(Canonical.CS_LEGAL_BASIS, "sul-140", null))));
        course.addExtension(new Extension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL,
                Canonical.END_REASON_NO_NEED_PROFESSIONAL, "Ikke yderligere behov (fagpersons vurdering)"))));
        course.addType().setText("Geriatri, styrkehold");
        course.setPatient(new Reference("Patient/nancy"));
        course.setManagingOrganization(new Reference("Organization/ishoej"));
        course.setCareManager(new Reference("Practitioner/hansen"));
        course.addReferralRequest(new Reference("ServiceRequest/plan-nancy"));
        course.getPeriod().setStart(Date.from(Instant.parse("2026-10-01T08:00:00Z"))).setEnd(Date.from(Instant.parse("2026-11-01T12:00:00Z")));
        List<Appointment> sessions = new ArrayList<>();
        Appointment.AppointmentStatus[] statuses = {Appointment.AppointmentStatus.FULFILLED, Appointment.AppointmentStatus.FULFILLED,
                Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.NOSHOW, Appointment.AppointmentStatus.FULFILLED};
        for (int i = 0; i < statuses.length; i++) {
            Appointment a = new Appointment();
            a.setId("session-" + (i + 1));
            a.addExtension(new Extension(Canonical.EXT_COURSE, new Reference("EpisodeOfCare/course-nancy")));
            a.setStatus(statuses[i]);
            if (statuses[i] == Appointment.AppointmentStatus.CANCELLED) {
                a.setCancelationReason(new CodeableConcept().setText("afbud"));
            }
            a.setStart(Date.from(Instant.parse("2026-10-0" + (i + 2) + "T08:00:00Z")));
            a.setEnd(Date.from(Instant.parse("2026-10-0" + (i + 2) + "T08:45:00Z")));
            a.addParticipant().setActor(new Reference("Patient/nancy")).setStatus(Appointment.ParticipationStatus.ACCEPTED);
            sessions.add(a);
        }
        OffsetDateTime t0 = OffsetDateTime.of(2026, 10, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        Observation madStart = obs("fs-1", FunctionalStatus.expected(FunctionalStatus.observation("nancy", "course-nancy", "hansen",
                FunctionalStatus.LAVE_MAD, 3, "start", t0), 1));
        Observation madEnd = obs("fs-2", FunctionalStatus.observation("nancy", "course-nancy", "hansen", FunctionalStatus.LAVE_MAD, 1, "end", t0.plusDays(30)));
        madEnd.addNote().setText("Fortsæt selvtræning på et frivilligt selvtræningshold.");
        Observation flytStart = obs("fs-3", FunctionalStatus.expected(FunctionalStatus.observation("nancy", "course-nancy", "hansen",
                FunctionalStatus.FORFLYTTE_SIG, 4, "start", t0), 2));
        Observation flytEnd = obs("fs-4", FunctionalStatus.observation("nancy", "course-nancy", "hansen", FunctionalStatus.FORFLYTTE_SIG, 3, "end", t0.plusDays(30)));
        madStart.getCode().getCodingFirstRep().setDisplay("Lave mad");
        madEnd.getCode().getCodingFirstRep().setDisplay("Lave mad");
        flytStart.getCode().getCodingFirstRep().setDisplay("Forflytte sig");
        flytEnd.getCode().getCodingFirstRep().setDisplay("Forflytte sig");
        List<FinalStatusFacts.AreaLine> areas = List.of(
                new FinalStatusFacts.AreaLine(FunctionalStatus.LAVE_MAD, "Lave mad", "3", "1", "1", madStart, madEnd),
                new FinalStatusFacts.AreaLine(FunctionalStatus.FORFLYTTE_SIG, "Forflytte sig", "4", "3", "2", flytStart, flytEnd));
        return new FinalStatusFacts("final-status-nancy", null, CREATED, patient, course, "sul-140",
                FinalStatusText.LEGAL_BASES.get("sul-140"), "Ikke yderligere behov (fagpersons vurdering)", plan, List.of("Almen", "Basal"),
                hospital, therapist, centre, sessions, areas, List.of("Lave mad: Fortsæt selvtræning på et frivilligt selvtræningshold."));
    }

    private static Observation obs(String id, Observation o) {
        o.setId(id);
        return o;
    }

    @Test
    void thePdfSaysWhatTheGoldenTextSays() throws Exception {
        byte[] pdf = FinalStatusPdf.render(facts());
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc).replace("\r\n", "\n");
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Slutstatus for genoptræningsforløb");
        }
        assertThat(text).isEqualTo(golden("final-status.txt", text));
        assertThat(text).contains("Lave mad 3 1 1 Ja", "Forflytte sig 4 3 2 Nej", "Gennemført: 3", "CPR-nr.: 251248-9996");
    }

    @Test
    void theDocumentSaysTheSameAsTheGoldenDocument() throws Exception {
        Bundle document = FinalStatusDocument.build(facts(), FHIR);
        String json = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(document);
        Bundle expected = FHIR.newJsonParser().parseResource(Bundle.class, golden("final-status-document.json", json));
        // Compared after one round trip through JSON, so that only content counts (not in-memory details such as the
        // time zone a Date was built in).
        Bundle actual = FHIR.newJsonParser().parseResource(Bundle.class, json);
        assertThat(actual.equalsDeep(expected)).as("the document differs from the golden file:\n%s", json).isTrue();
        assertThat(document.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Composition", "Patient", "EpisodeOfCare", "Practitioner", "Organization",
                        "Appointment", "Appointment", "Appointment", "Appointment", "Appointment",
                        "Observation", "Observation", "Observation", "Observation");
    }

    private static String golden(String name, String actual) throws Exception {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
