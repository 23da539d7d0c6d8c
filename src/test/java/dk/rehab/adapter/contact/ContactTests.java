package dk.rehab.adapter.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.ContactWorld;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.TestTokens;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Contact with the citizen (issue 13 item 2): a recorded contact takes the plan off the contact work list; the contact
 * letter is a Danish PDF with the first meeting's time and place and the citizen's duties, carried by a Communication
 * that arrives exactly once at a real FHIR server standing in for digital post — also after the server failed;
 * bad contacts are 422 with nothing stored; hospital and GP get 403, no token 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContactTests {
    private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

    protected abstract Map<String, Object> database(String name);

    private ContactWorld world;
    private Http http;

    @BeforeAll
    void start() {
        world = new ContactWorld(database("it_contact_" + ContactWorld.unique()), Map.of());
        http = world.http;
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    private static String today() {
        return LocalDate.now(CPH).toString();
    }

    /** The centre's work list of citizens not contacted by the deadline, narrowed to one citizen. */
    private int onContactWorkList(String patient) {
        return http.get("ServiceRequest?status=active&municipal-responsibility=true&contact-deadline=lt" + today()
                + "&contacted=false&patient=" + patient).resource(Bundle.class).getEntry().size();
    }

    private static Communication contact(String patient, String plan, Coding medium) {
        Communication c = new Communication();
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        if (medium != null) {
            c.addMedium(new CodeableConcept(medium));
        }
        c.setSubject(new Reference(patient));
        c.addBasedOn(new Reference(plan));
        c.setSent(new Date(System.currentTimeMillis() - 3_600_000));
        c.addPayload().setContent(new StringType("Ringet op: første møde aftalt, borgeren kører selv."));
        return c;
    }

    @Test
    void aRecordedContactTakesThePlanOffTheContactWorkList() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(10));
        assertThat(onContactWorkList(citizen[0])).isEqualTo(1);

        // the v3 ParticipationMode code is accepted and stored as the adapter's own
        Http.Response created = http.json("Communication", contact(citizen[0], citizen[1],
                new Coding(ContactCodes.Medium.V3_PARTICIPATION_MODE, "PHONE", null)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Communication stored = created.resource(Communication.class);
        assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Canonical.PROFILE_COMMUNICATION);
        assertThat(stored.getMediumFirstRep().getCodingFirstRep().getSystem()).isEqualTo(Canonical.CS_CONTACT_MEDIA);
        assertThat(stored.getMediumFirstRep().getCodingFirstRep().getCode()).isEqualTo("phone");
        assertThat(stored.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("contact");
        assertThat(stored.getRecipientFirstRep().getReference()).isEqualTo(citizen[0]);

        assertThat(onContactWorkList(citizen[0])).isZero();
        assertThat(http.get("ServiceRequest?contacted=true&patient=" + citizen[0]).resource(Bundle.class).getEntry()).hasSize(1);
        Bundle found = http.get("Communication?based-on=" + citizen[1] + "&category=contact&medium=phone").resource(Bundle.class);
        assertThat(found.getEntry()).hasSize(1);
        assertThat(http.get("Communication/" + stored.getIdElement().getIdPart()).status()).isEqualTo(200);
        // a recorded contact is not sent anywhere
        assertThat(world.tasks(stored.getIdElement().getIdPart())).isEmpty();
    }

    @Test
    void aBadContactIs422AndStoresNothing() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(10));
        String[] other = world.plan(LocalDate.now(CPH).minusDays(10));
        http.json("Communication", contact(citizen[0], citizen[1], null)).assertError(422, "required-element-missing");
        var unknown = http.json("Communication", contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "pigeon", null)))
                .assertError(422, "unknown-code");
        assertThat(unknown.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Communication.medium[0]");
        Communication anothers = contact(citizen[0], other[1], new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null));
        assertThat(http.json("Communication", anothers).assertError(422, "invalid-reference").getIssueFirstRep().getExpression().get(0).getValue())
                .isEqualTo("Communication.basedOn[0]");
        Communication future = contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null));
        future.setSent(new Date(System.currentTimeMillis() + 86_400_000));
        http.json("Communication", future).assertError(422, "invalid-value");
        Communication reminder = contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null));
        reminder.addCategory(ContactCodes.Category.REMINDER.concept());
        http.json("Communication", reminder).assertError(422, "unknown-code");
        Communication noPlan = contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "letter", null));
        noPlan.getBasedOn().clear();
        http.json("Communication", noPlan).assertError(422, "required-element-missing");

        assertThat(http.get("Communication?patient=" + citizen[0]).resource(Bundle.class).getEntry()).isEmpty();
        assertThat(onContactWorkList(citizen[0])).isEqualTo(1);
    }

    /** A course for the citizen's plan with its first meeting booked next week at 10:00 Danish time; returns that start. */
    private ZonedDateTime firstMeetingBooked(String[] citizen) {
        EpisodeOfCare course = world.course(citizen[0], citizen[1]);
        ZonedDateTime start = LocalDate.now(CPH).plusDays(7).atTime(10, 0).atZone(CPH);
        world.book(course, "assessment", start.toOffsetDateTime(), null);
        world.book(course, "individual", start.plusDays(3).toOffsetDateTime(), null);
        return start;
    }

    private Communication sendLetter(String plan) {
        Http.Response sent = http.post(plan + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        return sent.resource(Communication.class);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    @Test
    void theContactLetterTellsTimePlaceAndDutiesAndArrivesOnce() throws IOException {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(10));
        ZonedDateTime start = firstMeetingBooked(citizen);
        // booking made a course, which already counts as contacted; the letter is a contact in its own right
        Communication letter = sendLetter(citizen[1]);
        String id = letter.getIdElement().getIdPart();
        assertThat(letter.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("contact-letter");
        assertThat(letter.getMediumFirstRep().getCodingFirstRep().getCode()).isEqualTo("digital-post");
        assertThat(letter.getBasedOnFirstRep().getReference()).isEqualTo(citizen[1]);
        Attachment pdf = letter.getPayloadFirstRep().getContentAttachment();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");

        String text = text(pdf.getData());
        assertThat(text).contains("Velkommen til genoptræning")
                .contains(ContactLetterText.when(start))
                .contains("Træningscenteret").contains("Vejledalen 17").contains("2635 Ishøj")
                .contains("mellem kl. 8 og 9")
                .contains("senest kl. 12 dagen før")
                .contains("erstatningstræning")
                .contains("revurderet")
                .contains(ContactWorld.CENTRE_PHONE);
        assertThat(ContactLetterText.when(start)).contains("kl. 10.00").contains(String.valueOf(start.getYear()));

        Task task = world.awaitTask(id, "delivered");
        assertThat(task.getFocus().getReference()).isEqualTo("Communication/" + id);
        assertThat(task.getFor().getReference()).isEqualTo(citizen[0]);
        assertThat(world.received(id)).isEqualTo(1);
        Communication arrived = world.digitalPost.communications().stream()
                .filter(c -> c.getIdentifier().stream().anyMatch(i -> id.equals(i.getValue()))).findFirst().orElseThrow();
        assertThat(arrived.getSubject().getIdentifier().getSystem()).isEqualTo(Canonical.SYSTEM_CPR);
        assertThat(arrived.getSubject().hasReference()).isFalse();
        assertThat(text(arrived.getPayloadFirstRep().getContentAttachment().getData())).contains(ContactLetterText.when(start));
        ContactWorld.sleep(800); // the worker keeps polling: still once
        assertThat(world.received(id)).isEqualTo(1);
        assertThat(http.get("Communication?about=Appointment/" + letter.getAboutFirstRep().getReferenceElement().getIdPart())
                .resource(Bundle.class).getEntry()).hasSize(1);
    }

    @Test
    void aLetterIsDeliveredOnceAfterTheReceiverFailed() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(3));
        firstMeetingBooked(citizen);
        world.digitalPost.failNext(2);
        String id = sendLetter(citizen[1]).getIdElement().getIdPart();
        Task task = world.awaitTask(id, "delivered");
        int attempts = task.getOutput().stream().filter(o -> "attempts".equals(o.getType().getText()))
                .map(o -> ((org.hl7.fhir.r4.model.IntegerType) o.getValue()).getValue()).findFirst().orElseThrow();
        assertThat(attempts).isEqualTo(3);
        assertThat(world.received(id)).isEqualTo(1);
        assertThat(http.get("Task/" + task.getIdElement().getIdPart() + "/_history").resource(Bundle.class).getEntry()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aLetterNeedsABookedSessionAhead() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(3));
        http.post(citizen[1] + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(422, "no-booked-session");
        EpisodeOfCare course = world.course(citizen[0], citizen[1]);
        var cancelled = world.book(course, "assessment", OffsetDateTime.now().plusDays(5), null);
        cancelled.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CANCELLED);
        cancelled.setCancelationReason(new CodeableConcept(new Coding(Canonical.CS_CANCELLATION_REASONS, "centre", null)));
        world.update(cancelled);
        http.post(citizen[1] + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(422, "no-booked-session");
        http.post("ServiceRequest/no-such-plan/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(404, "not-found");
        assertThat(http.get("Communication?patient=" + citizen[0]).resource(Bundle.class).getEntry()).isEmpty();
    }

    @Test
    void onlyTheMunicipalityRecordsReadsAndSendsContacts() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(3));
        firstMeetingBooked(citizen);
        Communication recorded = http.json("Communication", contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null)))
                .resource(Communication.class);
        String ref = "Communication/" + recorded.getIdElement().getIdPart();
        // the hospital that sent the plan: it may update its plan, but not send the letter or see the contacts
        Http hospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, world.hospitalSor));
        Http gp = http.withToken(TestTokens.of(ClientKind.GP, "024015"));
        for (Http caller : List.of(hospital, gp)) {
            caller.post(citizen[1] + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}").assertError(403, "forbidden");
            caller.get(ref).assertError(403, "forbidden");
            caller.get("Communication?patient=" + citizen[0]).assertError(403, "forbidden");
            caller.json("Communication", contact(citizen[0], citizen[1], new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null)))
                    .assertError(403, "forbidden");
        }
        Http anonymous = http.withoutToken();
        anonymous.post(citizen[1] + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}").assertError(401, "unauthenticated");
        anonymous.get(ref).assertError(401, "unauthenticated");
        anonymous.get("Communication").assertError(401, "unauthenticated");
        assertThat(http.get("Communication?patient=" + citizen[0]).resource(Bundle.class).getEntry()).hasSize(1);
    }
}
