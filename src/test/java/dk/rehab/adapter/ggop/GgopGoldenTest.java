package dk.rehab.adapter.ggop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.message.PlanMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Golden test: MedCom's real GGOP ({@code ../shared/samples/ggop/ggop.xml}, read from there, never committed) maps
 * to the expected FHIR resources in {@code src/test/resources/ggop/ggop-sample-expected.json} (a collection Bundle
 * of the mapped entries, written for this project), compared structurally ({@code equalsDeep}; on a difference the
 * two are compared as pretty JSON for a readable diff).
 */
class GgopGoldenTest {
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static GgopMapper mapper() {
        // The mapper reads only the zone and the messaging settings (their defaults).
        AdapterProperties.Messaging messaging = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("adapter.messaging", AdapterProperties.Messaging.class);
        return new GgopMapper(new AdapterProperties(java.time.ZoneId.of("Europe/Copenhagen"), null, null, null, messaging, null, null));
    }

    static Bundle mapped(byte[] xml) {
        PlanMessage message = mapper().map(xml, "application/xml");
        assertThat(message.problems()).isEmpty();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        message.entries().forEach(e -> bundle.addEntry().setFullUrl(e.fullUrl()).setResource(e.resource()));
        return bundle;
    }

    @Test
    void medcomsSampleMapsToTheExpectedResources() throws IOException {
        Bundle actual = withNotesFingerprinted(mapped(Files.readAllBytes(GgopTests.sample())));
        Path expectedFile = Path.of("src/test/resources/ggop/ggop-sample-expected.json");
        if (Boolean.getBoolean("ggop.golden.write")) {
            Files.writeString(expectedFile, FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(actual) + "\n");
        }
        Bundle expected = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(expectedFile, StandardCharsets.UTF_8));

        if (!expected.equalsDeep(actual)) {
            assertEquals(FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(expected),
                    FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(actual));
        }
    }

    /**
     * The sample is MedCom's, so its free text is not committed: in the expected result each note keeps the mapper's
     * own heading and, for the text, its SHA-256. Any change to a note's text still fails the comparison.
     */
    static Bundle withNotesFingerprinted(Bundle bundle) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            for (Annotation note : FHIR.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Annotation.class)) {
                String text = note.getText();
                int end = text.startsWith("**") ? text.indexOf("**", 2) : -1;
                String heading = end > 0 ? text.substring(0, end + 2) : "";
                note.setText(heading + " sha256:" + sha256(text));
            }
        }
        return bundle;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nothingInTheSampleIsLeftUnmapped() throws IOException {
        ServiceRequest plan = (ServiceRequest) mapped(Files.readAllBytes(GgopTests.sample())).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource).filter(ServiceRequest.class::isInstance).findFirst().orElseThrow();
        assertThat(plan.getNote()).extracting(Annotation::getText).noneMatch(t -> t.startsWith("**Øvrigt indhold"));
        assertThat(plan.getExtensionByUrl(Canonical.EXT_PRECONDITION_DATE).getValue().primitiveValue()).isEqualTo("2014-12-20");
    }

    @Test
    void anElementTheMapperDoesNotKnowIsKeptInTheNote() {
        String xml = new String(new dk.rehab.adapter.support.GgopPlans("0101401234").bytes(), StandardCharsets.UTF_8)
                .replace("</RehabilitationPlan>", "<NewElement><Inner>vigtig oplysning</Inner></NewElement></RehabilitationPlan>");
        ServiceRequest plan = (ServiceRequest) mapped(xml.getBytes(StandardCharsets.UTF_8)).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource).filter(ServiceRequest.class::isInstance).findFirst().orElseThrow();
        assertThat(plan.getNote()).extracting(Annotation::getText)
                .anyMatch(t -> t.contains("/Emessage/RehabilitationPlan/NewElement/Inner = vigtig oplysning"));
    }

    @Test
    void formattedTextBecomesMarkdown() throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                "<T><Bold>8a. Kroppen</Bold><Break/><Italic>- Mentale\n   funktioner</Italic><Break/><Break/>slut</T>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("**8a. Kroppen**\n*- Mentale funktioner*\n\nslut", GgopMapper.markdown(doc.getDocumentElement()));
    }
}
