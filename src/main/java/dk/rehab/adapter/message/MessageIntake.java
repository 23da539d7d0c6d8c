package dk.rehab.adapter.message;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.store.InboundDocuments;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Receives a hospital message exactly once and answers it with an acknowledgement, for every format.
 *
 * <ol>
 *   <li>A message whose key (MessageHeader.id or Bundle.id; GGOP envelope + letter identifier) was answered
 *       before gets the stored answer again, byte for byte, and nothing is stored.</li>
 *   <li>Otherwise one database transaction: the plan's resources through the common write path
 *       ({@link PlanMessageWriter}), the corrected or retracted plan revoked, the original body kept and linked
 *       to what it produced, the answer stored under the message's key, and — if the sender's endpoint is one
 *       the adapter delivers to — an outbox row. A copy arriving concurrently fails on the key and is rerun
 *       ({@link WriteTransactions}); it then finds and returns this answer.</li>
 *   <li>A message the adapter refuses leaves nothing but its answer (fatal-error) and its body: the write is
 *       rolled back, then the answer is stored in a transaction of its own, so the same bad message gets the
 *       same answer again.</li>
 *   <li>A server fault is answered transient-error and not stored: the sender may send the message again.</li>
 * </ol>
 */
@Service
public class MessageIntake {
    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);

    private final WriteTransactions transactions;
    private final ReceivedMessages received;
    private final PlanMessageWriter writer;
    private final PlanService plans;
    private final Acknowledgements acks;
    private final AckOutbox outbox;
    private final InboundDocuments documents;

    public MessageIntake(WriteTransactions transactions, ReceivedMessages received, PlanMessageWriter writer, PlanService plans,
                         Acknowledgements acks, AckOutbox outbox, InboundDocuments documents) {
        this.transactions = transactions;
        this.received = received;
        this.writer = writer;
        this.plans = plans;
        this.acks = acks;
        this.outbox = outbox;
        this.documents = documents;
    }

    /** The acknowledgement (as JSON) of {@code message}, processing it if it is new. */
    public String receive(PlanMessage message) {
        return once(message, "message", () -> {
            String planId;
            List<Resource> produced;
            if (Messaging.RETRACT_MESSAGE.equals(message.activity())) {
                planId = earlierPlan(message);
                produced = List.of(plans.revoke(planId));
            } else {
                String replaces = Messaging.MODIFIED_MESSAGE.equals(message.activity()) ? earlierPlan(message)
                        : message.correlation() == null ? null : received.latestPlanOf(message.correlation()).orElse(null);
                PlanMessageWriter.Written written = writer.write(message.entries(), replaces);
                planId = written.planId();
                produced = new java.util.ArrayList<>(written.created());
                if (replaces != null) {
                    produced.add(plans.read(replaces));
                }
            }
            return new Accepted(acks.ok(message, planId), produced, planId, message.correlation());
        });
    }

    /** What a message's own work produced: its ok acknowledgement, the resource versions it wrote, the plan (or null). */
    public record Accepted(String ack, List<Resource> produced, String planId, String correlation) {
    }

    /**
     * Receives {@code message} exactly once (plan messages, GGOP, hospital notifications): in one transaction, a message
     * already received gets its earlier answer; one with problems is refused; otherwise {@code process} does its work,
     * and the body (linked to what it produced), the received row and the acknowledgement's delivery are stored with it.
     * A version conflict is a transient error (send again), a refusal a stored fatal error, a fault a transient error
     * with nothing stored; {@code what} names the message in the log and the answer.
     */
    public String once(PlanMessage message, String what, java.util.function.Supplier<Accepted> process) {
        try {
            return transactions.run(() -> {
                Optional<ReceivedMessages.Received> raced = received.find(message.channel(), message.messageKey(), message.bundleKey());
                if (raced.isPresent()) {
                    return raced.get().ack();
                }
                if (!message.problems().isEmpty()) {
                    throw new AdapterException(message.problems());
                }
                Accepted accepted = process.get();
                keep(message, accepted.produced());
                received.insert(message.channel(), message.messageKey(), message.bundleKey(), "ok", accepted.ack(), accepted.planId(),
                        accepted.correlation(), Senders.of(message));
                outbox.enqueue(message, accepted.ack());
                return accepted.ack();
            });
        } catch (AdapterException refused) {
            if (refused.problems().get(0).code() == ErrorCode.VERSION_CONFLICT) {
                return acks.error(message, ResponseType.TRANSIENTERROR, refused.problems());
            }
            return refuse(message, refused.problems());
        } catch (RuntimeException fault) {
            LOG.error("{} ({}) could not be processed: {}", what, message.channel(), describe(fault));
            return acks.error(message, ResponseType.TRANSIENTERROR, List.of(new Problem(ErrorCode.INTERNAL_ERROR,
                    "the adapter could not process the " + what + " now; nothing was stored; send it again", null)));
        }
    }

    /** Answers a refused message with a fatal error, stored with the body (in a transaction of its own), so a copy gets the same answer. */
    public String refuse(PlanMessage message, List<Problem> problems) {
        String ack = acks.error(message, ResponseType.FATALERROR, problems);
        return transactions.run(() -> {
            Optional<ReceivedMessages.Received> raced = received.find(message.channel(), message.messageKey(), message.bundleKey());
            if (raced.isPresent()) {
                return raced.get().ack();
            }
            documents.save(message.channel(), message.contentType(), message.body());
            received.insert(message.channel(), message.messageKey(), message.bundleKey(), "fatal-error", ack, null, null, Senders.of(message));
            outbox.enqueue(message, ack);
            return ack;
        });
    }

    /** The plan of the message a correction or retraction refers to; a fatal error when the adapter has none. */
    private String earlierPlan(PlanMessage message) {
        String planId = message.refersTo() == null ? null : received.planOf(message.channel(), message.refersTo()).orElse(null);
        if (planId == null) {
            throw new AdapterException(ErrorCode.UNKNOWN_PLAN, "the " + message.activity() + " refers to message '" + message.refersTo()
                    + "', which the adapter never accepted: there is no plan to correct or withdraw",
                    Messaging.CHANNEL_FHIR.equals(message.channel()) ? "Bundle.entry.resource.ofType(Provenance).entity.what" : null);
        }
        ServiceRequest plan = plans.read(planId);
        return plan.getIdElement().getIdPart();
    }

    private void keep(PlanMessage message, List<Resource> produced) {
        long id = documents.save(message.channel(), message.contentType(), message.body());
        documents.link(id, produced.stream().map(r -> new Object[] {r.fhirType(), r.getIdElement().getIdPart(),
                Integer.parseInt(r.getMeta().getVersionId())}).toList());
    }

    /** The fault and its causes with a few frames each, scrubbed of CPR numbers (never the raw exception). */
    public static String describe(Throwable fault) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = fault; t != null; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(Outcomes.scrub(t.getMessage()));
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(6, frames.length); i++) {
                text.append("\n\tat ").append(frames[i]);
            }
            if (t.getCause() != null) {
                text.append("\ncaused by ");
            }
        }
        return text.toString();
    }
}
