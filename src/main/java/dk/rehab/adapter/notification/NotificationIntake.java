package dk.rehab.adapter.notification;

import dk.rehab.adapter.message.Acknowledgements;
import dk.rehab.adapter.message.MessageIntake;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Receives a hospital notification exactly once, on the plan messages' path: a notification whose MessageHeader.id
 * (or Bundle.id) was answered before gets the stored answer again and changes nothing; otherwise one transaction
 * does what the notification says ({@link NotificationHandler}), keeps the body linked to the stay's Encounter,
 * stores the acknowledgement under the message's key and queues it for the sender's endpoint. A refused notification
 * is answered fatal-error and stored as plan messages are; a fault transient-error ({@link MessageIntake#once}).
 */
@Service
public class NotificationIntake {
    private final NotificationHandler handler;
    private final Acknowledgements acks;
    private final MessageIntake plans;

    public NotificationIntake(NotificationHandler handler, Acknowledgements acks, MessageIntake plans) {
        this.handler = handler;
        this.acks = acks;
        this.plans = plans;
    }

    /** The acknowledgement (as JSON) of {@code notification}, processing it if it is new (exactly once, as plan messages). */
    public String receive(HospitalNotification notification) {
        var message = notification.message();
        return plans.once(message, "hospital notification", () -> {
            NotificationHandler.Handled handled = handler.handle(notification);
            String ack = acks.accepted(message, "Encounter/" + handled.encounter().getIdElement().getIdPart(), handled.summary());
            return new MessageIntake.Accepted(ack, List.of(handled.encounter()), null, null);
        });
    }
}
