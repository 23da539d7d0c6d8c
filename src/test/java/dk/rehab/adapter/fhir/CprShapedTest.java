package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CPR-shaped text is masked wherever it stands, except inside a resource id (a UUID whose hex holds ten digits). */
class CprShapedTest {
    @Test
    void aCprIsMaskedAndAnIdWithTenDigitsInARowIsKept() {
        String id = "ServiceRequest/01a23c6d-40fa-7304-902f-6082526124e6";
        assertThat(Outcomes.scrub("a plan with this identifier exists already: " + id + "; update it"))
                .isEqualTo("a plan with this identifier exists already: " + id + "; update it");
        assertThat(Outcomes.scrub("identifier urn:oid:1.2.208.176.1.2|0101011234 of " + id))
                .isEqualTo("identifier urn:oid:1.2.208.176.1.2|[CPR] of " + id);
        assertThat(Outcomes.scrub("010101-1234, 0101011234 and 01010112345")).isEqualTo("[CPR], [CPR] and 01010112345");
        assertThat(Outcomes.scrub(id + "/0101011234")).isEqualTo(id + "/[CPR]");
        assertThat(CprShaped.replace(null, cpr -> "x")).isNull();
    }
}
