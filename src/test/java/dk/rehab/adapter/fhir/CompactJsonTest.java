package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** {@link CompactJson} writes HAPI's compact JSON text, or nothing (then HAPI encodes). */
class CompactJsonTest {
    static final FhirContext FHIR = dk.rehab.adapter.config.FhirContexts.shared();
    static final CompactJson COMPACT = new CompactJson(FHIR);

    /** Asserts that {@code r}'s compact JSON, when written, is HAPI's text; answers whether it was written. */
    static boolean sameAsHapi(Resource r) {
        Optional<String> mine = COMPACT.encode(r);
        mine.ifPresent(json -> assertThat(json).as(r.fhirType() + "/" + r.getIdElement().getIdPart())
                .isEqualTo(FHIR.newJsonParser().encodeResourceToString(r)));
        return mine.isPresent();
    }

    @Test
    void theProjectsExamplesAreWrittenAsHapiWritesThem() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int written = 0;
        Bundle all = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Path f : files) {
            Resource r = (Resource) FHIR.newJsonParser().parseResource(Files.readString(f));
            if (sameAsHapi(r)) {
                written++;
                all.addEntry().setFullUrl("http://x/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
            }
        }
        assertThat(written).as("examples written by CompactJson, of " + files.size()).isGreaterThan(files.size() / 2);
        assertThat(sameAsHapi(all)).as("a Bundle of them").isTrue();
    }

    @Test
    void whatHapiWritesItsOwnWayIsLeftToHapi() {
        Patient narrative = new Patient();
        narrative.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>");
        narrative.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
        Patient elementId = new Patient();
        elementId.addName().setFamily("Hansen").setId("n1");
        Patient primitiveExtension = new Patient();
        StringType family = new StringType("Hansen");
        family.addExtension(new Extension("http://x", new StringType("y")));
        primitiveExtension.addName().setFamilyElement(family);
        Patient versioned = new Patient();
        versioned.setManagingOrganization(new Reference("Organization/1/_history/2"));
        Observation decimal = new Observation();
        decimal.setValue(new org.hl7.fhir.r4.model.Quantity().setValueElement(new DecimalType("1.50")));
        Patient versionNotInMeta = new Patient();
        versionNotInMeta.setId("Patient/p1/_history/2");
        for (Resource r : List.of(narrative, elementId, primitiveExtension, versioned, decimal, versionNotInMeta)) {
            assertThat(COMPACT.encode(r)).as(FHIR.newJsonParser().encodeResourceToString(r)).isEmpty();
        }
    }

    @Test
    void textNeedingEscapesAndChoicesAndNestedExtensions() {
        Appointment a = new Appointment();
        a.setId("Appointment/a1/_history/3");
        a.getMeta().setVersionId("3").addProfile("http://x/p");
        a.setDescription("\"Fysioterapi\" på hold\n\tøæå \\ € \u0001");
        Extension outer = new Extension("http://x/outer");
        outer.addExtension(new Extension("http://x/inner", new org.hl7.fhir.r4.model.BooleanType(true)));
        a.addExtension(outer);
        a.setMinutesDuration(45);
        a.setStatus(Appointment.AppointmentStatus.FULFILLED);
        assertThat(sameAsHapi(a)).isTrue();
        Observation o = new Observation();
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-03-04T10:00:00+01:00"));
        o.setValue(new org.hl7.fhir.r4.model.CodeableConcept().setText("x"));
        assertThat(sameAsHapi(o)).isTrue();
    }
}
