package dk.rehab.adapter.notification;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.delivery.Deliveries;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DeliveryPlanner;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.StoredResource;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The citizen's current FSIII functional status for the hospital that admitted them (seed 001: the municipality
 * sends it on admission): a DocumentReference ({@code rehab-admission-functional-status}) whose one content is a FHIR
 * Bundle (type collection) of the citizen (CPR) and the latest functional status Observation of each FSIII area, as
 * stored. Its masterIdentifier is the stay's key, so the receiver's conditional create keeps one copy whatever the
 * retries. Delivered through the outbox (one row and Task, kind {@code admission}) to the endpoint the directory
 * has for the notification's sender. Nothing is sent when the citizen has no functional status recorded.
 */
@Component
public class StatusToHospital {
    static final String TYPE_CODE = "admission-functional-status";
    static final String TYPE_DISPLAY = "Aktuel funktionsevne ved indlæggelse";

    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final FhirContext fhir;
    private final DeliveryPlanner planner;
    private final AdapterProperties.Messaging us;
    private final Deliveries deliveries;

    public StatusToHospital(ResourceStore store, JdbcTemplate jdbc, FhirContext fhir, DeliveryPlanner planner, AdapterProperties properties,
                            Deliveries deliveries) {
        this.deliveries = deliveries;
        this.store = store;
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.planner = planner;
        this.us = properties.messaging();
    }

    /** The latest functional status Observation of each area of the citizen (entered-in-error left out). */
    public List<Observation> latest(String patientId) {
        List<String> ids = jdbc.queryForList("select f.res_id from functional_status f where f.patient_id = ? and f.status <> 'entered-in-error' "
                + "and f.effective = (select max(g.effective) from functional_status g where g.patient_id = f.patient_id "
                + "and g.area_code = f.area_code and g.status <> 'entered-in-error') order by f.area_code, f.res_id", String.class, patientId);
        return store.currentMany("Observation", ids).stream().map(s -> store.parse(s, Observation.class)).toList();
    }

    /** Stores the document and plans its delivery to the sender; returns it, or null when there is nothing to send. */
    public DocumentReference send(HospitalNotification notification, String stayKey, String patientId, String encounterId) {
        List<Observation> status = latest(patientId);
        if (status.isEmpty()) {
            return null;
        }
        Patient patient = store.read(Patient.class, patientId);
        Bundle content = new Bundle().setType(Bundle.BundleType.COLLECTION);
        content.setTimestamp(new Date());
        content.addEntry().setFullUrl(Canonical.BASE + "/Patient/" + patientId).setResource(patient);
        status.forEach(o -> content.addEntry().setFullUrl(Canonical.BASE + "/Observation/" + o.getIdElement().getIdPart()).setResource(o));

        DocumentReference doc = new DocumentReference();
        doc.getMeta().setProfile(List.of(new CanonicalType(Notifications.PROFILE_STATUS_TO_HOSPITAL)));
        doc.setMasterIdentifier(new Identifier().setSystem(Notifications.SYSTEM_STATUS_TO_HOSPITAL).setValue(stayKey));
        doc.setStatus(DocumentReferenceStatus.CURRENT);
        doc.setType(new CodeableConcept(new Coding(Canonical.CS_DOCUMENT_TYPES, TYPE_CODE, TYPE_DISPLAY)));
        doc.setSubject(new Reference("Patient/" + patientId));
        doc.setDate(new Date());
        doc.setDescription("Borgerens aktuelle funktionsevne (FSIII) til hospitalet ved indlæggelsen");
        doc.setCustodian(new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_SOR).setValue(us.sor())).setDisplay(us.name()));
        doc.getContext().addRelated(new Reference("Encounter/" + encounterId));
        Attachment attachment = doc.addContent().getAttachment();
        attachment.setContentType("application/fhir+json");
        attachment.setLanguage("da");
        attachment.setTitle(TYPE_DISPLAY);
        attachment.setData(fhir.newJsonParser().encodeResourceToString(content).getBytes(StandardCharsets.UTF_8));
        DocumentReference stored = store.create(doc);
        List<Identifier> hospital = notification.message().sender().getIdentifier();
        planner.planTo(stored.getIdElement().getIdPart(), patientId, Notifications.DELIVERY_KIND, hospital,
                notification.message().sender().getName());
        return stored;
    }

    /** What withdrawing the status sent for a cancelled admission did. */
    public enum Withdrawn { NONE, STOPPED, ALREADY_DELIVERED }

    /**
     * cancel-admit: the functional status sent for the stay {@code stayKey} is withdrawn: the DocumentReference becomes
     * {@code entered-in-error}, and a delivery that has not gone out yet stops (superseded, its Task cancelled). One already
     * delivered is not recalled: the hospital keeps what it received (MedCom has no message to take a document back).
     */
    public Withdrawn withdraw(String stayKey, String patientId) {
        if (patientId == null) {
            return Withdrawn.NONE;
        }
        for (String id : jdbc.queryForList("select distinct document_id from delivery where recipient_kind = ? and patient_id = ? order by document_id",
                String.class, Notifications.DELIVERY_KIND, patientId)) {
            StoredResource current = store.currentForUpdate("DocumentReference", id).orElse(null);
            if (current == null) {
                continue;
            }
            DocumentReference doc = store.parse(current, DocumentReference.class);
            if (!stayKey.equals(doc.getMasterIdentifier().getValue()) || doc.getStatus() == DocumentReferenceStatus.ENTEREDINERROR) {
                continue;
            }
            doc.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
            store.update(doc, current.version()).orElseThrow(() ->
                    new AdapterException(ErrorCode.VERSION_CONFLICT, "the functional status document was changed meanwhile", null));
            planner.supersede(id);
            return deliveries.forDocument(id).stream().anyMatch(d -> d.state() == Delivery.State.DELIVERED)
                    ? Withdrawn.ALREADY_DELIVERED : Withdrawn.STOPPED;
        }
        return Withdrawn.NONE;
    }
}
