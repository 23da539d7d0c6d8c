package dk.rehab.adapter.notification;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.message.AckOutbox;
import dk.rehab.adapter.message.Acknowledgements;
import dk.rehab.adapter.message.MessageIntake;
import dk.rehab.adapter.message.ReceivedMessages;
import dk.rehab.adapter.store.InboundDocuments;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Receives a hospital notification exactly once, on the plan messages' path: a notification whose MessageHeader.id
 * (or Bundle.id) was answered before gets the stored answer again and changes nothing; otherwise one transaction
 * does what the notification says ({@link NotificationHandler}), keeps the body linked to the stay's Encounter,
 * stores the acknowledgement under the message's key and queues it for the sender's endpoint. A refused notification
 * is answered fatal-error and stored as plan messages are ({@link MessageIntake#refuse}); a fault transient-error.
 */
@Service
public class NotificationIntake {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationIntake.class);

    private final WriteTransactions transactions;
    private final ReceivedMessages received;
    private final NotificationHandler handler;
    private final Acknowledgements acks;
    private final AckOutbox outbox;
    private final InboundDocuments documents;
    private final MessageIntake plans;

    public NotificationIntake(WriteTransactions transactions, ReceivedMessages received, NotificationHandler handler, Acknowledgements acks,
                              AckOutbox outbox, InboundDocuments documents, MessageIntake plans) {
        this.transactions = transactions;
        this.received = received;
        this.handler = handler;
        this.acks = acks;
        this.outbox = outbox;
        this.documents = documents;
        this.plans = plans;
    }

    /** The acknowledgement (as JSON) of {@code notification}, processing it if it is new. */
    public String receive(HospitalNotification notification) {
        var message = notification.message();
        try {
            return transactions.run(() -> {
                Optional<ReceivedMessages.Received> raced = received.find(message.channel(), message.messageKey(), message.bundleKey());
                if (raced.isPresent()) {
                    return raced.get().ack();
                }
                if (!message.problems().isEmpty()) {
                    throw new AdapterException(message.problems());
                }
                NotificationHandler.Handled handled = handler.handle(notification);
                String ack = acks.accepted(message, "Encounter/" + handled.encounter().getIdElement().getIdPart(), handled.summary());
                long id = documents.save(message.channel(), message.contentType(), message.body());
                documents.link(id, List.<Object[]>of(new Object[] {"Encounter", handled.encounter().getIdElement().getIdPart(),
                        Integer.parseInt(handled.encounter().getMeta().getVersionId())}));
                received.insert(message.channel(), message.messageKey(), message.bundleKey(), "ok", ack, null, null, dk.rehab.adapter.message.Senders.of(message));
                outbox.enqueue(message, ack);
                return ack;
            });
        } catch (AdapterException refused) {
            if (refused.problems().get(0).code() == ErrorCode.VERSION_CONFLICT) {
                return acks.error(message, ResponseType.TRANSIENTERROR, refused.problems());
            }
            return plans.refuse(message, refused.problems());
        } catch (RuntimeException fault) {
            LOG.error("hospital notification could not be processed: {}", MessageIntake.describe(fault));
            return acks.error(message, ResponseType.TRANSIENTERROR, List.of(new Problem(ErrorCode.INTERNAL_ERROR,
                    "the adapter could not process the notification now; nothing was stored; send it again", null)));
        }
    }
}
