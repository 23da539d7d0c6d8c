package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.jobcenter.JobcenterReferrals;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Decides who receives a final status and writes one outbox row (and its Task) per recipient, in the caller's
 * transaction:
 * <ul>
 *   <li>the citizen's GP — the plan's {@code gp-copy} receiver, else {@code Patient.generalPractitioner} — when the plan
 *       records the citizen's consent ({@code citizen-consent} = true) and does not deselect the GP copy
 *       ({@code gp-copy.wanted} = false); otherwise a row that says why it is not sent (no-consent, not-wanted, no-recipient);</li>
 *   <li>each {@code final-status-receiver} of the plan (the hospital).</li>
 * </ul>
 * For a course a Jobcenter referred (the plan is a Jobcenter referral), the one recipient is the Jobcenter (the referral's
 * requester): the functional-capacity assessment is what it asked for.
 * A recipient whose identifiers (SOR, EAN/GLN, ydernummer) the endpoint directory does not know gets {@code no-endpoint}.
 */
@Component
public class DeliveryPlanner {
    /** The recipient kind of a functional-capacity assessment's delivery to the referring Jobcenter. */
    public static final String KIND_JOBCENTER = "jobcenter";
    private final Deliveries deliveries;
    private final EndpointDirectory directory;
    private final ResourceStore store;
    private final DigitalPostProperties digitalPost;

    public DeliveryPlanner(Deliveries deliveries, EndpointDirectory directory, ResourceStore store, DigitalPostProperties digitalPost) {
        this.deliveries = deliveries;
        this.directory = directory;
        this.store = store;
        this.digitalPost = digitalPost;
    }

    /**
     * One outbox row (and its Task) for a Communication to the citizen through digital post
     * ({@code adapter.digital-post.endpoint}; none configured: {@code no-endpoint}), in the caller's transaction.
     * Returns the Task's id.
     */
    public String planDigitalPost(String communicationId, String patientId, Instant now) {
        String endpoint = digitalPost.url();
        Delivery.State state = endpoint == null ? Delivery.State.NO_ENDPOINT : Delivery.State.PENDING;
        String taskId = ResourceStore.newId();
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        deliveries.insert(new Delivery(taskId, communicationId, patientId, Delivery.CITIZEN, null, null, digitalPost.name(),
                "Patient/" + patientId, endpoint, state, 0, state == Delivery.State.PENDING ? at : null, null, null, null, at));
        return taskId;
    }

    public void plan(DocumentReference doc, EpisodeOfCare course, ServiceRequest plan, Patient patient) {
        String documentId = doc.getIdElement().getIdPart();
        String patientId = patient.getIdElement().getIdPart();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Set<String> seen = new HashSet<>();
        if (JobcenterReferrals.isReferral(plan)) {
            // a Jobcenter referral: the functional-capacity assessment goes to the Jobcenter that referred (its requester)
            insert(documentId, patientId, KIND_JOBCENTER, recipient(plan.getRequester()), null, now);
            return;
        }

        Extension gpCopy = plan == null ? null : plan.getExtensionByUrl(Canonical.EXT_GP_COPY);
        Extension wanted = gpCopy == null ? null : gpCopy.getExtensionByUrl("wanted");
        Reference gpRef = gpCopy != null && gpCopy.getExtensionByUrl("receiver") != null
                && gpCopy.getExtensionByUrl("receiver").getValue() instanceof Reference r ? r
                : patient.getGeneralPractitioner().stream().filter(x -> x.hasIdentifier()
                        || (x.hasReference() && x.getReference().startsWith("Organization/"))).findFirst().orElse(null);
        Extension consent = plan == null ? null : plan.getExtensionByUrl(Canonical.EXT_CITIZEN_CONSENT);
        boolean consented = consent != null && consent.getValue() instanceof BooleanType b && b.booleanValue();
        Recipient gp = gpRef == null ? null : recipient(gpRef);
        Delivery.State gpState = wanted != null && wanted.getValue() instanceof BooleanType w && !w.booleanValue() ? Delivery.State.NOT_WANTED
                : gp == null ? Delivery.State.NO_RECIPIENT
                : !consented ? Delivery.State.NO_CONSENT : null;
        insert(documentId, patientId, FinalStatusSender.GP, gp, gpState, now);
        if (gp != null) {
            seen.add(gp.key());
        }
        if (plan != null) {
            for (Extension receiver : plan.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER)) {
                if (receiver.getValue() instanceof Reference ref) {
                    Recipient hospital = recipient(ref);
                    if (seen.add(hospital.key())) {
                        insert(documentId, patientId, FinalStatusSender.HOSPITAL, hospital, null, now);
                    }
                }
            }
        }
    }

    /**
     * One delivery of document {@code documentId} to the organisation with {@code identifiers} (for other documents than
     * final statuses, e.g. the functional status sent to an admitting hospital); {@code no-endpoint} when the directory
     * knows none of them.
     */
    public void planTo(String documentId, String patientId, String kind, List<Identifier> identifiers, String name) {
        insert(documentId, patientId, kind, new Recipient(new ArrayList<>(identifiers), name, null), null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The deliveries of a replaced final status that were not delivered stop: the correction is sent instead. */
    public void supersede(String documentId) {
        for (Delivery d : deliveries.forDocument(documentId)) {
            if (d.state().due() || d.state() == Delivery.State.FAILED || d.state() == Delivery.State.NO_ENDPOINT) {
                deliveries.save(new Delivery(d.taskId(), d.documentId(), d.patientId(), d.recipientKind(), d.recipientSystem(),
                        d.recipientValue(), d.recipientName(), d.recipientRef(), d.endpoint(), Delivery.State.SUPERSEDED, d.attempts(),
                        null, d.lastError(), null, null, d.created(), d.payload()));
            }
        }
    }

    private void insert(String documentId, String patientId, String kind, Recipient recipient, Delivery.State notSent, Instant now) {
        Optional<EndpointDirectory.Match> match = recipient == null || notSent != null ? Optional.empty() : directory.find(recipient.identifiers());
        Delivery.State state = notSent != null ? notSent : match.isPresent() ? Delivery.State.PENDING : Delivery.State.NO_ENDPOINT;
        Identifier id = match.map(EndpointDirectory.Match::identifier)
                .orElse(recipient == null || recipient.identifiers().isEmpty() ? null : recipient.identifiers().get(0));
        String name = recipient == null ? null : recipient.name() != null ? recipient.name()
                : match.map(m -> m.endpoint().name()).orElse(null);
        deliveries.insert(new Delivery(ResourceStore.newId(), documentId, patientId, kind, id == null ? null : id.getSystem(),
                id == null ? null : id.getValue(), name, recipient == null ? null : recipient.reference(),
                match.map(m -> m.endpoint().url()).orElse(null), state, 0, state == Delivery.State.PENDING ? now : null, null, null,
                null, now));
    }

    /** A recipient: its identifiers (from the stored Organization or the logical reference), name and local reference. */
    record Recipient(List<Identifier> identifiers, String name, String reference) {
        String key() {
            return reference != null ? reference : identifiers.isEmpty() ? "?" : identifiers.get(0).getSystem() + "|" + identifiers.get(0).getValue();
        }
    }

    private Recipient recipient(Reference ref) {
        List<Identifier> identifiers = new ArrayList<>();
        String name = ref.hasDisplay() ? ref.getDisplay() : null;
        String local = null;
        if (ref.hasReference() && ref.getReference().startsWith("Organization/")) {
            local = "Organization/" + new IdType(ref.getReference()).getIdPart();
            Optional<Organization> org = store.current("Organization", new IdType(ref.getReference()).getIdPart())
                    .map(s -> store.parse(s, Organization.class));
            if (org.isPresent()) {
                identifiers.addAll(org.get().getIdentifier());
                name = org.get().hasName() ? org.get().getName() : name;
            }
        }
        if (ref.hasIdentifier()) {
            identifiers.add(ref.getIdentifier());
        }
        return new Recipient(identifiers, name, local);
    }
}
