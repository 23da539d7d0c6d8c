package dk.rehab.adapter.organization;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import org.junit.jupiter.api.Test;

class OrganizationIdsTest {
    @Test
    void glnCheckDigit() {
        assertThat(OrganizationIds.glnProblem("5790001354145")).isNull();
        assertThat(OrganizationIds.glnProblem("5790000121441")).isNull();
        assertThat(OrganizationIds.glnProblem("5790001354146")).contains("check digit");
        assertThat(OrganizationIds.glnProblem("579000135414")).contains("13 digits");
    }

    @Test
    void bothGlnSystemsAreStoredAsOne() {
        assertThat(OrganizationIds.normaliseSystem(Canonical.SYSTEM_GLN_HTTPS)).isEqualTo(Canonical.SYSTEM_GLN);
        assertThat(OrganizationIds.normaliseSystem(Canonical.SYSTEM_GLN)).isEqualTo(Canonical.SYSTEM_GLN);
        assertThat(OrganizationIds.normaliseSystem(Canonical.SYSTEM_SOR)).isEqualTo(Canonical.SYSTEM_SOR);
    }

    @Test
    void sorIds() {
        assertThat(OrganizationIds.sorProblem("265161000016000")).isNull();
        assertThat(OrganizationIds.sorProblem("4202360")).as("a hospital department number is not a SOR id").isNotNull();
        assertThat(OrganizationIds.sorProblem("12ab")).isNotNull();
        assertThat(OrganizationIds.sorProblem("")).isNotNull();
    }
}
