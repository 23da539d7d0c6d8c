package dk.rehab.adapter.message;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.organization.OrganizationIds;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Builds the answer to every hospital message: a MedCom acknowledgement message ({@code medcom-messaging-acknowledgement}
 * of {@code medcom.fhir.dk.acknowledgement}): a MessageHeader with event {@code acknowledgement-message} whose
 * {@code response.identifier} is the received MessageHeader.id (for GGOP: the envelope identifier) and
 * {@code response.code} ok / transient-error / fatal-error, a Provenance ({@code acknowledgement}), the two
 * Organizations (this municipality as sender, the hospital as receiver; EAN/GLN with DK Core 3.5+'s system
 * {@code http://www.gs1.org/gln}, which the newest DK Core's {@code dk-core-gln-identifier} requires), and an OperationOutcome.
 *
 * <p>The OperationOutcome follows {@code medcom-acknowledgement-operationoutcome}: {@code details.coding} must come
 * from MedCom's issue-details value set, so each issue carries the nearest MedCom code there, the adapter's own
 * error code (the README's table) in {@code details.text}, a sentence in {@code diagnostics} (never a CPR number)
 * and the element in {@code expression}. An accepted plan gets one {@code information} issue whose
 * {@code details.text} is the plan's reference ({@code ServiceRequest/123}).
 */
@Component
public class Acknowledgements {
    private final AdapterProperties.Messaging config;

    public Acknowledgements(AdapterProperties properties) {
        this.config = properties.messaging();
    }

    public Bundle ok(PlanMessage message, String planId) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                .setDetails(new CodeableConcept().setText("ServiceRequest/" + planId))
                .setDiagnostics("the plan was accepted and is stored as ServiceRequest/" + planId);
        return build(message, ResponseType.OK, outcome);
    }

    public Bundle error(PlanMessage message, ResponseType code, List<Problem> problems) {
        OperationOutcome outcome = new OperationOutcome();
        for (Problem p : problems) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(IssueSeverity.ERROR)
                    .setCode(p.code().issueType())
                    .setDetails(new CodeableConcept(medcomCode(p.code())).setText(p.code().code()))
                    .setDiagnostics(Outcomes.scrub(p.message()));
            if (p.expression() != null) {
                issue.addExpression(p.expression());
            }
        }
        return build(message, code, outcome);
    }

    private Bundle build(PlanMessage message, ResponseType code, OperationOutcome outcome) {
        Date now = new Date();
        Bundle bundle = new Bundle();
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().addProfile(Messaging.MEDCOM_ACK);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestamp(now);

        Organization us = new Organization();
        us.setId(UUID.randomUUID().toString());
        us.getMeta().addProfile(Messaging.MEDCOM_ORGANIZATION);
        us.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(config.sor());
        us.addIdentifier().setSystem(Canonical.SYSTEM_GLN).setValue(config.ean());
        us.setName(config.name());

        Organization them = new Organization();
        them.setId(UUID.randomUUID().toString());
        them.getMeta().addProfile(Messaging.MEDCOM_ORGANIZATION);
        if (message.sender() != null) {
            for (Identifier identifier : message.sender().getIdentifier()) {
                String system = OrganizationIds.normaliseSystem(identifier.getSystem());
                them.addIdentifier().setSystem(system).setValue(identifier.getValue());
            }
            them.setName(message.sender().getName());
        }

        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.getMeta().addProfile(Messaging.MEDCOM_ACK_HEADER);
        header.setEvent(new Coding(Messaging.MEDCOM_EVENTS, "acknowledgement-message", null));
        MessageHeader.MessageDestinationComponent destination = header.addDestination();
        destination.addExtension(Messaging.MEDCOM_DESTINATION_USE_EXT, new Coding(Messaging.MEDCOM_DESTINATION_USE, "primary", null));
        destination.setEndpoint(message.sourceEndpoint() != null ? message.sourceEndpoint() : senderEndpoint(message));
        destination.setReceiver(ref(them));
        header.setSender(ref(us));
        header.getSource().setEndpoint(config.endpoint());
        header.getResponse().setIdentifier(message.ackIdentifier()).setCode(code);

        Provenance provenance = new Provenance();
        provenance.setId(UUID.randomUUID().toString());
        provenance.getMeta().addProfile(Messaging.MEDCOM_PROVENANCE);
        provenance.addTarget(ref(header));
        provenance.setOccurred(new DateTimeType(now));
        provenance.setRecorded(now);
        provenance.setActivity(new CodeableConcept(new Coding(Messaging.MEDCOM_ACTIVITY, "acknowledgement", null)));
        provenance.addAgent().setWho(ref(us));
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION)
                .setWhat(new Reference("MessageHeader/" + message.ackIdentifier()));

        add(bundle, header);
        add(bundle, provenance);
        add(bundle, us);
        add(bundle, them);
        if (outcome != null && outcome.hasIssue()) {
            outcome.setId(UUID.randomUUID().toString());
            outcome.getMeta().addProfile(Messaging.MEDCOM_ACK_OUTCOME);
            header.getResponse().setDetails(ref(outcome));
            add(bundle, outcome);
        }
        if (!hasSor(them)) {
            // A GGOP names its sender by EAN and department number: MedCom's messaging Organization needs a SOR id,
            // so such an answer has MedCom's shape but claims none of its profiles.
            bundle.getEntry().forEach(e -> e.getResource().getMeta().getProfile().clear());
            bundle.getMeta().getProfile().clear();
        }
        return bundle;
    }

    private static boolean hasSor(Organization organization) {
        return organization.getIdentifier().stream().anyMatch(i -> Canonical.SYSTEM_SOR.equals(i.getSystem()) && i.hasValue());
    }

    private static String senderEndpoint(PlanMessage message) {
        if (message.sender() != null) {
            for (Identifier identifier : message.sender().getIdentifier()) {
                if (identifier.getSystem() != null && identifier.getSystem().contains("gs1.org/gln")) {
                    return "urn:ean:" + identifier.getValue();
                }
            }
        }
        return "urn:unknown-sender";
    }

    private static Reference ref(Resource resource) {
        return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl(Canonical.BASE + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                .setResource(resource);
    }

    /** The MedCom acknowledgement issue code nearest to each of the adapter's error codes. */
    static Coding medcomCode(ErrorCode code) {
        return switch (code) {
            case MALFORMED_BODY -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_BAD_SYNTAX", null);
            case NOT_A_MESSAGE, WRONG_RESOURCE_TYPE, UNSUPPORTED_MEDIA_TYPE, INVALID_REQUEST ->
                    new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_BAD_FORMAT", null);
            case REQUIRED_ELEMENT_MISSING -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_RESOURCE_REQUIRED", null);
            case INVALID_VALUE, INVALID_CPR, INVALID_IDENTIFIER, PROFILE_VIOLATION ->
                    new Coding(Messaging.MEDCOM_ACK_ERRORS, "MSG_Datatype_Wrong", null);
            case UNKNOWN_CODE -> new Coding(Messaging.MEDCOM_ACK_ERRORS, "MSG_VALUESET_VALUE_UNKNOWN", null);
            case REFERENCE_NOT_FOUND, NOT_FOUND, UNKNOWN_PLAN, VERSION_NOT_FOUND -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_NO_EXIST", null);
            case INVALID_REFERENCE -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_RESOURCE_TYPE_MISMATCH", null);
            case WRONG_RECEIVER -> new Coding(Messaging.MEDCOM_ACK_ERRORS, "MSG_Receiver_Identifier_UNKNOWN", null);
            case DUPLICATE_IDENTIFIER, IDENTITY_CONFLICT -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_DUPLICATE_ID", null);
            case UNKNOWN_RESOURCE_TYPE, METHOD_NOT_ALLOWED -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_RESOURCE_NOT_ALLOWED", null);
            case UNKNOWN_SEARCH_PARAMETER, INVALID_SEARCH_PARAMETER -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_PARAM_INVALID", null);
            case VERSION_CONFLICT, PRECONDITION_FAILED, INTERNAL_ERROR -> new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_LOCAL_FAIL", null);
            // Course, session and delivery rules: a plan message never causes them; mapped for completeness.
            case UNKNOWN_PACKAGE -> new Coding(Messaging.MEDCOM_ACK_ERRORS, "MSG_VALUESET_VALUE_UNKNOWN", null);
            case INVALID_TRANSITION, COURSE_ALREADY_OPEN, COURSE_CLOSED, PACKAGE_EXHAUSTED, TEAM_FULL, FREE_CHOICE_OFFER_MISSING,
                 DELIVERY_NOT_RETRYABLE ->
                    new Coding(Messaging.HL7_OPERATION_OUTCOME, "MSG_LOCAL_FAIL", null);
        };
    }
}
