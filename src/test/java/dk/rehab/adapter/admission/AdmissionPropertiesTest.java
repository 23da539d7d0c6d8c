package dk.rehab.adapter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionPropertiesTest {
    @Test
    void zeroMeansOneMoreThanTheProcessorsANegativeValueTurnsItOffAndAPositiveOneIsTaken() {
        assertThat(new AdmissionProperties(0, Duration.ofSeconds(30)).permits()).isEqualTo(Runtime.getRuntime().availableProcessors() + 1);
        assertThat(new AdmissionProperties(-1, Duration.ofSeconds(30)).permits()).isZero();
        assertThat(new AdmissionProperties(5, Duration.ofSeconds(30)).permits()).isEqualTo(5);
    }
}
