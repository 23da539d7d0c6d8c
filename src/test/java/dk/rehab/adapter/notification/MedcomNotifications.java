package dk.rehab.adapter.notification;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.support.Shared;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * MedCom's example hospital notifications, read from the HospitalNotification 3.0.2 package in ../shared (never copied
 * into the project), and adapted at runtime: fresh MessageHeader and Bundle ids, the test's citizen, the stay's dates.
 */
public final class MedcomNotifications {
    public static final String PACKAGE = "medcom.fhir.dk.hospitalnotification-3.0.2.tgz";
    public static final String ADMIT = "Bundle-a5e5b880-c087-4055-b9ec-99108695f81d.json";
    public static final String CANCEL_ADMIT = "Bundle-c83671a4-9584-11ec-b909-0242ac120002.json";
    public static final String DISCHARGE = "Bundle-f4aa42a4-86db-4e68-9b38-9dda0dfd5774.json";
    public static final String EMERGENCY = "Bundle-h1c8e4a8-6b45-4669-94ad-2a99ad96bf03.json";
    public static final String START_LEAVE = "Bundle-d3128d9b-cede-4c7f-8904-809eab322d7d.json";
    public static final String REVISE_ADMIT = "Bundle-bfab3e80-9584-11ec-b909-0242ac120002.json";
    public static final String END_LEAVE = "Bundle-e94de8ee-bd94-475e-b454-b8fbbef8a685.json";
    public static final String DISCHARGE_EMERGENCY = "Bundle-kcab461b-f44e-4d97-a041-ef7e64800587.json";

    private MedcomNotifications() {
    }

    /**
     * The example whose own Provenance (the one naming its MessageHeader) carries {@code activity} instead: MedCom ships no
     * example of most revise- and cancel- events, whose message is the original's with another activity code.
     */
    public static Bundle withActivity(Bundle bundle, String activity) {
        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Provenance p && p.getTarget().stream().anyMatch(t -> t.getReference().endsWith("/" + header.getIdPart()))) {
                p.getActivity().getCodingFirstRep().setCode(activity);
            }
        }
        return bundle;
    }

    /** The example's Encounter with the leave from {@code start} to {@code end} (null: still on leave). */
    public static Bundle withLeave(Bundle bundle, Instant start, Instant end) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Encounter encounter) {
                org.hl7.fhir.r4.model.Period leave = new org.hl7.fhir.r4.model.Period().setStart(Date.from(start));
                if (end != null) {
                    leave.setEnd(Date.from(end));
                }
                encounter.getExtension().removeIf(e -> e.getUrl().endsWith("leave-period-extension"));
                encounter.addExtension("http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalnotifiation-leave-period-extension", leave);
            }
        }
        return bundle;
    }

    /** The example's Encounter ending at {@code end}. */
    public static Bundle withEnd(Bundle bundle, Instant end) {
        bundle.getEntry().stream().filter(e -> e.getResource() instanceof Encounter).map(e -> (Encounter) e.getResource())
                .forEach(e -> e.getPeriod().setEnd(Date.from(end)));
        return bundle;
    }

    /** The example as the package has it. */
    public static Bundle load(FhirContext fhir, String file) {
        try (InputStream in = Files.newInputStream(Shared.packages().resolve(PACKAGE))) {
            NpmPackage pkg = NpmPackage.fromPackage(in);
            try (InputStream example = pkg.load("example", file)) {
                return fhir.newJsonParser().parseResource(Bundle.class, new String(example.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example with a fresh MessageHeader and Bundle id, the citizen's CPR, the admission at {@code start} (a discharge
     * now), and, when {@code refersTo} is given, its own Provenance naming that earlier notification.
     */
    public static Bundle adapt(Bundle bundle, String cpr, Instant start, String refersTo) {
        bundle.setId(UUID.randomUUID().toString());
        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        String old = header.getIdElement().getIdPart();
        header.setId(UUID.randomUUID().toString());
        bundle.getEntryFirstRep().setFullUrl("https://medcomfhir.dk/ig/hospitalnotification/MessageHeader/" + header.getIdPart());
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Provenance p) {
                p.getTarget().stream().filter(t -> t.getReference().endsWith("/" + old)).forEach(t -> t.setReference("MessageHeader/" + header.getIdPart()));
                if (refersTo != null && p.getTarget().stream().anyMatch(t -> t.getReference().endsWith("/" + header.getIdPart()))) {
                    p.getEntity().forEach(x -> x.setWhat(new Reference("MessageHeader/" + refersTo)));
                }
            }
            if (entry.getResource() instanceof org.hl7.fhir.r4.model.Organization org) {
                // MedCom messaging 4 (in ../shared) requires the GLN system of DK Core 3.5+; the 3.0.2 examples use the https form
                org.getIdentifier().stream().filter(i -> "https://www.gs1.org/gln".equals(i.getSystem())).forEach(i -> i.setSystem("http://www.gs1.org/gln"));
            }
            if (entry.getResource() instanceof Patient patient) {
                patient.getIdentifierFirstRep().setValue(cpr);
            }
            if (entry.getResource() instanceof Encounter encounter) {
                boolean ended = encounter.getPeriod().hasEnd();
                encounter.getPeriod().setStart(Date.from(start));
                if (ended) {
                    encounter.getPeriod().setEnd(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
                }
            }
        }
        return bundle;
    }
}
