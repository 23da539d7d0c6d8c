package dk.rehab.adapter.transfer;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.message.Messaging;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * The message that forwards a transferred plan ({@code rehab-transfer-message}): a FHIR message Bundle with the
 * MessageHeader first (event {@code message-events#rehabilitation-plan-transfer}, {@code reason} KL's status reason
 * Frit valg or Anden kommune, {@code focus} the plan), then the plan as the receiver is to carry it out (status active,
 * performer the receiver), the citizen, the requesting hospital department, the diagnoses, this municipality (sender)
 * and the receiver. Entries refer to each other by {@code urn:uuid} fullUrls; references to this adapter's own
 * resources that are not in the message become identifier references (SOR, GLN, ydernummer), the plan it replaced is
 * left out. {@code Bundle.id} = {@code MessageHeader.id} = the transfer's message id, the same in every re-send.
 */
@Component
public class TransferMessageMapper {
    public static final String PROFILE = Canonical.SD + "rehab-transfer-message";
    public static final String EVENT = "rehabilitation-plan-transfer";
    public static final String SYSTEM_MESSAGE_ID = Canonical.BASE + "/transfer-message";

    private final ResourceStore store;
    private final AdapterProperties properties;

    public TransferMessageMapper(ResourceStore store, AdapterProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** The message for {@code plan} (as stored after the transfer) to {@code receiver}, whose Organization is {@code receiverOrg}. */
    public Bundle message(String messageId, ServiceRequest plan, Receiver receiver, Organization receiverOrg, String reason, Instant now) {
        Bundle bundle = new Bundle();
        bundle.setId(messageId);
        bundle.getMeta().addProfile(PROFILE);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setIdentifier(new Identifier().setSystem(SYSTEM_MESSAGE_ID).setValue(messageId));
        bundle.setTimestamp(Date.from(now));

        String planUrl = urn();
        String patientUrl = urn();
        String requesterUrl = urn();
        String senderUrl = urn();
        String receiverUrl = urn();

        MessageHeader header = new MessageHeader();
        header.setId(messageId);
        header.setEvent(new Coding(Messaging.CS_EVENTS, EVENT, "Overdragelse af genoptræningsplan"));
        header.addDestination().setName(receiver.name()).setEndpoint(receiver.endpoint()).setReceiver(new Reference(receiverUrl));
        header.setSender(new Reference(senderUrl));
        header.getSource().setName("Rehab FHIR Adapter").setEndpoint(properties.messaging().endpoint());
        header.setReason(reason(reason));
        header.addFocus(new Reference(planUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + messageId).setResource(header);

        Patient patient = clean(store.read(Patient.class, idOf(plan.getSubject())));
        Organization requester = clean(store.read(Organization.class, idOf(plan.getRequester())));
        List<Condition> conditions = new ArrayList<>();
        List<Reference> reasons = new ArrayList<>();
        for (Reference r : plan.getReasonReference()) {
            Condition c = clean(store.read(Condition.class, idOf(r)));
            c.setSubject(new Reference(patientUrl));
            c.setEncounter(null);
            c.setRecorder(null);
            c.setAsserter(null);
            conditions.add(c);
            reasons.add(new Reference(urn()));
        }

        ServiceRequest forwarded = clean(plan.copy());
        forwarded.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        forwarded.getExtension().removeIf(e -> Canonical.EXT_STATUS_REASON.equals(e.getUrl()));
        forwarded.setSubject(new Reference(patientUrl));
        forwarded.setRequester(new Reference(requesterUrl));
        forwarded.setPerformer(List.of(new Reference(receiverUrl).setDisplay(receiver.name())));
        forwarded.setReasonReference(reasons);
        forwarded.setReplaces(List.of());
        for (Extension e : forwarded.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER)) {
            if (e.getValue() instanceof Reference ref) {
                e.setValue(logical(ref));
            }
        }
        Extension gpCopy = forwarded.getExtensionByUrl(Canonical.EXT_GP_COPY);
        if (gpCopy != null && gpCopy.getExtensionByUrl("receiver") != null && gpCopy.getExtensionByUrl("receiver").getValue() instanceof Reference ref) {
            gpCopy.getExtensionByUrl("receiver").setValue(logical(ref));
        }
        List<Reference> gps = new ArrayList<>();
        patient.getGeneralPractitioner().forEach(ref -> gps.add(logical(ref)));
        patient.setGeneralPractitioner(gps);
        patient.setManagingOrganization(null);
        patient.setLink(List.of());

        bundle.addEntry().setFullUrl(planUrl).setResource(forwarded);
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient);
        bundle.addEntry().setFullUrl(requesterUrl).setResource(requester);
        for (int i = 0; i < conditions.size(); i++) {
            bundle.addEntry().setFullUrl(reasons.get(i).getReference()).setResource(conditions.get(i));
        }
        bundle.addEntry().setFullUrl(senderUrl).setResource(thisMunicipality());
        bundle.addEntry().setFullUrl(receiverUrl).setResource(clean(receiverOrg.copy()));
        return bundle;
    }

    /** Why, in KL's plan status reasons: Frit valg (free choice) or Anden kommune (another municipality, the citizen moved). */
    static CodeableConcept reason(String reason) {
        boolean moved = TransferService.REASON_CITIZEN_MOVED.equals(reason);
        return new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL,
                moved ? Canonical.STATUS_REASON_ANDEN_KOMMUNE : Canonical.STATUS_REASON_FRIT_VALG, moved ? "Anden kommune" : "Frit valg"))
                .setText(moved ? "Borgeren er flyttet til en anden kommune" : "Borgeren har valgt en anden leverandør (frit valg)");
    }

    private Organization thisMunicipality() {
        AdapterProperties.Messaging m = properties.messaging();
        Organization org = new Organization();
        org.getMeta().addProfile(Canonical.PROFILE_ORGANIZATION);
        org.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_SOR).setValue(m.sor());
        org.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_GLN).setValue(m.ean());
        org.addIdentifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue(m.municipality());
        org.setName(m.name());
        return org;
    }

    /** A reference to a stored Organization as its identifiers: the receiver of the message does not know our ids. */
    private Reference logical(Reference ref) {
        if (!ref.hasReference() || !ref.getReference().startsWith("Organization/")) {
            return ref.copy().setReference(null);
        }
        Optional<Organization> org = store.current("Organization", idOf(ref)).map(s -> store.parse(s, Organization.class));
        Reference logical = new Reference().setDisplay(ref.hasDisplay() ? ref.getDisplay() : org.map(Organization::getName).orElse(null));
        org.flatMap(o -> o.getIdentifier().stream().filter(i -> Canonical.SYSTEM_SOR.equals(i.getSystem())).findFirst()
                        .or(() -> o.getIdentifier().stream().filter(Identifier::hasValue).findFirst()))
                .ifPresent(i -> logical.setIdentifier(new Identifier().setSystem(i.getSystem()).setValue(i.getValue())));
        return logical;
    }

    /** Without the adapter's id and version: the receiver assigns its own. The profile claims stay. */
    private static <T extends Resource> T clean(T resource) {
        List<CanonicalType> profiles = resource.getMeta().getProfile();
        resource.setId((String) null);
        resource.setMeta(new Meta().setProfile(profiles));
        return resource;
    }

    private static String idOf(Reference ref) {
        return new IdType(ref.getReference()).getIdPart();
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
