package dk.rehab.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each recipient kind has exactly one sender: a row goes to it, a second sender for a kind stops the start. */
class OutboundSendersTest {
    private static OutboundSender sender(String... kinds) {
        return new OutboundSender() {
            @Override
            public Set<String> recipientKinds() {
                return Set.of(kinds);
            }

            @Override
            public String send(Delivery delivery) {
                return "sent by " + String.join(",", kinds);
            }

            @Override
            public String endpoint(Delivery delivery) {
                return null;
            }

            @Override
            public TaskText taskText(Delivery delivery) {
                return null;
            }
        };
    }

    private static Delivery row(String kind) {
        return new Delivery("t", "d", "p", kind, null, null, null, null, "http://x", Delivery.State.PENDING, 0, Instant.EPOCH,
                null, null, null, Instant.EPOCH);
    }

    @Test
    void aRowGoesToTheSenderOfItsRecipientKind() {
        OutboundSenders senders = new OutboundSenders(List.of(sender("gp", "hospital"), sender("citizen")));
        assertThat(senders.of(row("hospital")).send(row("hospital"))).isEqualTo("sent by " + "gp,hospital");
        assertThat(senders.of(row("citizen")).send(row("citizen"))).isEqualTo("sent by citizen");
        assertThatThrownBy(() -> senders.of(row("fax"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("fax");
    }

    @Test
    void twoSendersForOneKindAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new OutboundSenders(List.of(sender("gp"), sender("jobcenter", "gp"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gp");
    }
}
