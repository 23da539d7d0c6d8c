package dk.rehab.adapter.contact;

import dk.rehab.adapter.delivery.DeliveryPlanner;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.validation.ValidationGate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * {@code ServiceRequest/{id}/$send-contact-letter}: the contact letter to the citizen about the plan's first booked
 * session ahead — a Danish PDF ({@link ContactLetterPdf}: time, place, the citizen's duties) carried by a Communication
 * (category contact-letter, medium digital post, basedOn the plan, about the session), and its delivery to the
 * citizen's digital post through the outbox ({@link DeliveryPlanner#planDigitalPost}): all in the caller's
 * transaction. The letter counts as the contact with the citizen on the work list.
 */
@Service
public class ContactLetterService {
    private final JdbcTemplate jdbc;
    private final SessionDescriptions sessions;
    private final Communications communications;
    private final DeliveryPlanner planner;
    private final ValidationGate gate;
    private final Clock clock;

    public ContactLetterService(JdbcTemplate jdbc, SessionDescriptions sessions, Communications communications, DeliveryPlanner planner,
                                ValidationGate gate, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.communications = communications;
        this.planner = planner;
        this.gate = gate;
        this.clock = clock;
    }

    public Communication send(String planId) {
        List<String> patient = jdbc.queryForList("select patient_id from plan where res_id = ?", String.class, planId);
        if (patient.isEmpty()) {
            throw new AdapterException(ErrorCode.NOT_FOUND, "there is no ServiceRequest with id " + planId, null);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> first = jdbc.queryForList("select s.res_id from session s join course c on c.res_id = s.course_id "
                + "where c.plan_id = ? and c.status in ('planned', 'waitlist', 'active') and s.status = 'booked' and s.start_at > ? "
                + "order by s.start_at, s.res_id limit 1", String.class, planId, now.atOffset(ZoneOffset.UTC));
        if (first.isEmpty()) {
            throw new AdapterException(ErrorCode.NO_BOOKED_SESSION, "the plan has no open course with a booked session ahead: book the "
                    + "first meeting (an Appointment on the plan's course) before sending the contact letter", null);
        }
        SessionDescriptions.Described session = sessions.describe(first.get(0));
        ContactLetterFacts facts = new ContactLetterFacts(session.citizen(), session.start(), session.end(), session.kind(), session.place(),
                session.therapist(), session.centre(), session.centrePhone(), now);
        byte[] pdf = ContactLetterPdf.render(facts);

        String patientId = patient.get(0);
        Communication letter = new Communication();
        letter.setStatus(Communication.CommunicationStatus.COMPLETED);
        letter.addCategory(ContactCodes.Category.CONTACT_LETTER.concept());
        letter.addMedium(ContactCodes.Medium.DIGITAL_POST.concept());
        letter.setSubject(new Reference("Patient/" + patientId));
        letter.addRecipient(new Reference("Patient/" + patientId));
        letter.addBasedOn(new Reference("ServiceRequest/" + planId).setDisplay("Genoptræningsplan"));
        letter.addAbout(new Reference("Appointment/" + first.get(0)).setDisplay("Første møde " + ContactLetterText.when(session.start())));
        letter.setSent(Date.from(now));
        if (session.centreRef() != null) {
            letter.setSender(session.centreRef());
        }
        letter.setTopic(new org.hl7.fhir.r4.model.CodeableConcept().setText(ContactLetterText.TITLE));
        letter.addPayload().setContent(new Attachment().setContentType("application/pdf").setLanguage("da").setData(pdf)
                .setTitle(ContactLetterText.TITLE).setCreation(Date.from(now)));
        Communication stored = communications.create(letter, patientId, planId, first.get(0), ContactCodes.Category.CONTACT_LETTER,
                ContactCodes.Medium.DIGITAL_POST, now);
        gate.check(stored, "Communication");
        planner.planDigitalPost(stored.getIdElement().getIdPart(), patientId, now);
        return stored;
    }
}
