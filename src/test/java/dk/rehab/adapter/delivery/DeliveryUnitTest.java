package dk.rehab.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.Test;

/** The endpoint directory's matching and the worker's back-off, without Spring. */
class DeliveryUnitTest {
    private static DeliveryProperties properties(List<DeliveryProperties.Endpoint> endpoints) {
        return new DeliveryProperties(true, Duration.ofSeconds(1), 5, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(2), 20, endpoints);
    }

    @Test
    void theDirectoryFindsARecipientByEitherGlnSystemAndByYdernummer() {
        EndpointDirectory directory = new EndpointDirectory(properties(List.of(
                new DeliveryProperties.Endpoint(Canonical.SYSTEM_GLN_HTTPS, "5790000123456", "http://hospital/fhir", "OUH"),
                new DeliveryProperties.Endpoint(Canonical.SYSTEM_YDERNUMMER, "012345", "http://gp/fhir", null))));
        assertThat(directory.find(List.of(new Identifier().setSystem(Canonical.SYSTEM_GLN).setValue("5790000123456"))))
                .hasValueSatisfying(m -> assertThat(m.endpoint().url()).isEqualTo("http://hospital/fhir"));
        assertThat(directory.find(List.of(new Identifier().setSystem(Canonical.SYSTEM_SOR).setValue("1"),
                new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue("012345"))))
                .hasValueSatisfying(m -> assertThat(m.endpoint().url()).isEqualTo("http://gp/fhir"));
        assertThat(directory.find(List.of(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue("999999")))).isEmpty();
    }

    @Test
    void theBackOffDoublesUpToItsMaximum() {
        DeliveryWorker worker = new DeliveryWorker(null, null, properties(List.of()), null, java.time.Clock.systemUTC(), null, null);
        assertThat(List.of(1, 2, 3, 4, 5, 9)).extracting(worker::backoff).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
