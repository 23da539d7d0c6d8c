package dk.rehab.adapter.contact;

import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.validation.ValidationGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A contact with the citizen recorded by the centre (quality standard: within the contact deadline, by phone or
 * e-Boks): a Communication, category {@code contact}, with its medium (phone, digital post, letter), the citizen as
 * subject, the plan it is about in {@code basedOn} and when it happened in {@code sent}. Recording it takes the plan off
 * the work list of citizens to contact ({@code ServiceRequest?contacted=false}). Runs inside the caller's transaction.
 */
@Service
public class ContactService {
    /** How far in the future {@code sent} may lie (clocks differ a little). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Communications communications;
    private final ReferenceResolver references;
    private final ExtensionPolicy extensions;
    private final ValidationGate gate;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ContactService(Communications communications, ReferenceResolver references, ExtensionPolicy extensions, ValidationGate gate,
                          JdbcTemplate jdbc, Clock clock) {
        this.communications = communications;
        this.references = references;
        this.extensions = extensions;
        this.gate = gate;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public WriteOutcome<Communication> record(Communication contact) {
        String at = "Communication";
        extensions.requireSingleExtensions(contact, at);
        Problems problems = new Problems();
        extensions.check(contact, at, problems);
        if (!contact.hasStatus()) {
            contact.setStatus(Communication.CommunicationStatus.COMPLETED);
        } else if (contact.getStatus() != Communication.CommunicationStatus.COMPLETED) {
            problems.add(ErrorCode.INVALID_VALUE, "a recorded contact has taken place: status completed", at + ".status");
        }
        checkCategory(contact, at, problems);
        ContactCodes.Medium medium = medium(contact, at, problems);
        if (!contact.hasSent()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "sent (when the citizen was contacted) is required", at + ".sent");
        } else if (contact.getSent().toInstant().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            problems.add(ErrorCode.INVALID_VALUE, "sent lies in the future: record a contact when it has taken place", at + ".sent");
        }
        checkPayload(contact, at, problems);
        String patientId = references.resolve(contact.getSubject(), "Patient", at + ".subject", problems, WriteScope.single());
        String planId = plan(contact, patientId, at, problems);
        problems.throwIfAny();
        if (!contact.hasRecipient()) {
            contact.addRecipient(new Reference("Patient/" + patientId));
        }
        contact.getCategory().clear();
        contact.addCategory(ContactCodes.Category.CONTACT.concept());
        contact.getMedium().clear();
        contact.addMedium(medium.concept());
        Communication stored = communications.create(contact, patientId, planId, null, ContactCodes.Category.CONTACT, medium,
                contact.getSent().toInstant());
        gate.check(stored, at);
        return new WriteOutcome<>(stored, true);
    }

    private static void checkCategory(Communication contact, String at, Problems problems) {
        for (int i = 0; i < contact.getCategory().size(); i++) {
            List<Coding> codings = contact.getCategory().get(i).getCoding();
            boolean contactCode = codings.stream().anyMatch(c -> dk.rehab.adapter.fhir.Canonical.CS_COMMUNICATION_CATEGORIES.equals(c.getSystem())
                    && ContactCodes.Category.CONTACT.code().equals(c.getCode()));
            if (!contactCode) {
                problems.add(ErrorCode.UNKNOWN_CODE, "a recorded contact has category " + dk.rehab.adapter.fhir.Canonical.CS_COMMUNICATION_CATEGORIES
                        + "#contact (contact letters and reminders are written by the adapter)", at + ".category[" + i + "]");
            }
        }
    }

    private static ContactCodes.Medium medium(Communication contact, String at, Problems problems) {
        if (contact.getMedium().size() != 1) {
            problems.add(contact.getMedium().isEmpty() ? ErrorCode.REQUIRED_ELEMENT_MISSING : ErrorCode.INVALID_VALUE,
                    "exactly one medium: phone, digital-post or letter (" + dk.rehab.adapter.fhir.Canonical.CS_CONTACT_MEDIA
                            + "), or PHONE, ONLINEWRIT or MAILWRIT (" + ContactCodes.Medium.V3_PARTICIPATION_MODE + ")", at + ".medium");
            return null;
        }
        List<Coding> codings = contact.getMediumFirstRep().getCoding();
        Optional<ContactCodes.Medium> medium = codings.stream().map(ContactCodes.Medium::of).flatMap(Optional::stream).findFirst();
        if (medium.isEmpty()) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the medium is phone, digital-post or letter (" + dk.rehab.adapter.fhir.Canonical.CS_CONTACT_MEDIA
                    + "), or PHONE, ONLINEWRIT or MAILWRIT (" + ContactCodes.Medium.V3_PARTICIPATION_MODE + ")", at + ".medium[0]");
            return null;
        }
        return medium.get();
    }

    private static void checkPayload(Communication contact, String at, Problems problems) {
        for (int i = 0; i < contact.getPayload().size(); i++) {
            if (!contact.getPayload().get(i).hasContentStringType()) {
                problems.add(ErrorCode.INVALID_VALUE, "a recorded contact's payload is a note (contentString)", at + ".payload[" + i + "]");
            }
        }
    }

    private String plan(Communication contact, String patientId, String at, Problems problems) {
        if (contact.getBasedOn().size() != 1) {
            problems.add(contact.getBasedOn().isEmpty() ? ErrorCode.REQUIRED_ELEMENT_MISSING : ErrorCode.INVALID_VALUE,
                    "basedOn names the plan (ServiceRequest) the contact is about, exactly one", at + ".basedOn");
            return null;
        }
        String planId = references.resolve(contact.getBasedOnFirstRep(), "ServiceRequest", at + ".basedOn[0]", problems, WriteScope.single());
        if (planId != null && patientId != null) {
            String planPatient = jdbc.queryForList("select patient_id from plan where res_id = ?", String.class, planId).stream().findFirst().orElse(null);
            if (!patientId.equals(planPatient)) {
                problems.add(ErrorCode.INVALID_REFERENCE, "the plan is another citizen's than the subject", at + ".basedOn[0]");
            }
        }
        return planId;
    }
}
