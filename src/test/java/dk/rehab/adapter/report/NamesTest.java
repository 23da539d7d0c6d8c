package dk.rehab.adapter.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void theNameIsTheResourcesTopLevelNameOrNone() {
        assertThat(Names.nameOf("{\"resourceType\":\"HealthcareService\",\"id\":\"t\",\"name\":\"Styrkehold tirsdag\"}")).isEqualTo("Styrkehold tirsdag");
        assertThat(Names.nameOf("{\"resourceType\":\"Organization\",\"id\":\"o\",\"contact\":[{\"name\":{\"text\":\"x\"}}]}")).isNull();
        assertThat(Names.nameOf("{\"resourceType\":\"Organization\",\"name\":\"  \"}")).isNull();
        assertThat(Names.nameOf("{\"resourceType\":\"Organization\",\"name\":{\"text\":\"not a string\"}}")).isNull();
        assertThat(Names.nameOf("not json")).isNull();
    }
}
