package dk.rehab.adapter.ggop;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Notes;
import dk.rehab.adapter.fhir.Placeholders;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.message.Messaging;
import dk.rehab.adapter.message.PlanMessage;
import dk.rehab.adapter.patient.Cpr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * Maps a MedCom GGOP (OIOXML {@code GGOP100}, read as a {@link GgopDocument}) to the FHIR resources of a plan, one
 * section mapper at a time, in document order:
 *
 * <ul>
 *   <li>{@link GgopEnvelope}: the envelope and letter identifiers (the message's key), version and type;</li>
 *   <li>{@link GgopOrganizations}: sender and receiver (Organizations with EAN/GLN, department number, municipality
 *       code), signer and co-writer;</li>
 *   <li>{@link GgopPatient}: CPR, names, address, phones, e-mail, relatives and c/o address;</li>
 *   <li>{@link GgopPlanRequest}: the plan ({@code rehab-plan}): type, consent, start deadline, with
 *       {@link GgopHospitalContact} (discharge date as PreconditionDate) and {@link GgopCopyReceivers} (gp-copy,
 *       final-status receivers);</li>
 *   <li>{@link GgopClinicalNotes}: the free texts and training content, as {@code ServiceRequest.note} under Danish
 *       headings; {@link GgopDiagnoses}: the diagnoses (Conditions);</li>
 *   <li>anything else the document holds (an element no section knows) is kept in one more note, "Øvrigt indhold",
 *       as {@code path = text}; and the original XML is kept byte for byte, linked to the plan ({@code $original}).</li>
 * </ul>
 * Where each GGOP element goes is the table in the README ("Legacy GGOP XML"). Pure: no storage. Placeholders
 * ({@code urn:uuid:}) are derived from the message key, so the same document maps to the same result.
 */
@Component
public class GgopMapper {
    private final GgopOrganizations organizations;

    public GgopMapper(AdapterProperties properties) {
        this.organizations = new GgopOrganizations(properties.messaging());
    }

    public PlanMessage map(byte[] body, String contentType) {
        GgopDocument doc = GgopDocument.parse(body);
        GgopEnvelope envelope = GgopEnvelope.read(doc);
        Problems problems = new Problems();
        String p = GgopContext.PLAN;
        if (envelope.plan() == null) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "the Emessage holds no RehabilitationPlan", p);
            return new PlanMessage(Messaging.CHANNEL_GGOP, envelope.key(), null, envelope.envelopeId(), null, null, Messaging.NEW_MESSAGE,
                    null, null, List.of(), problems.list(), contentType, body);
        }
        envelope.check(doc, problems);
        GgopContext ctx = new GgopContext(doc, envelope.plan(), problems, new Notes(), new Placeholders(envelope.key()));
        Organization sender = organizations.sender(ctx);
        Organization receiver = organizations.receiver(ctx);
        GgopPatient patient = GgopPatient.map(ctx);
        GgopPlanRequest.Mapped plan = GgopPlanRequest.map(ctx, envelope, sender, receiver);
        ServiceRequest request = plan.request();
        GgopClinicalNotes.map(ctx);
        List<PlanMessage.Entry> conditions = GgopDiagnoses.map(ctx, request);
        envelope.notes(doc, ctx.notes());
        List<String> unread = doc.unread();
        if (!unread.isEmpty()) {
            ctx.notes().add("Øvrigt indhold", String.join("\n", unread));
        }
        request.setNote(ctx.notes().list());

        List<PlanMessage.Entry> all = new ArrayList<>();
        if (sender != null) {
            all.add(new PlanMessage.Entry(ctx.ids().of("sender"), sender, "Organization (" + p + "/Sender)"));
        }
        if (receiver != null) {
            all.add(new PlanMessage.Entry(ctx.ids().of("receiver"), receiver, "Organization (" + p + "/Receiver)"));
        }
        all.add(new PlanMessage.Entry(ctx.ids().of("patient"), patient.patient(), "Patient (" + p + "/Patient)"));
        all.addAll(conditions);
        all.add(new PlanMessage.Entry(ctx.ids().of("plan"), request, "ServiceRequest (" + p + ")"));
        String cpr = patient.cpr();
        String correlation = cpr == null || sender == null || plan.admission() == null ? null
                : sha256(GgopOrganizations.ean(sender) + "|" + Cpr.normalise(cpr) + "|" + plan.admission());
        return new PlanMessage(Messaging.CHANNEL_GGOP, envelope.key(), null, envelope.envelopeId(), sender, null, Messaging.NEW_MESSAGE,
                null, correlation, all, problems.list(), contentType, body);
    }

    /** GGOP formatted text as Markdown ({@link Texts#markdown}). */
    static String markdown(Element e) {
        return Texts.markdown(e);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
