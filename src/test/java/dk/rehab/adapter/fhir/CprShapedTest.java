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

    /** The scan that lets text without a CPR-shaped run skip the expression says what the expression says, on edge cases and on random text. */
    @Test
    void theScanFindsACprShapedRunExactlyWhenTheExpressionDoes() {
        String id = "01a23c6d-40fa-7304-902f-6082526124e6";
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of("", "0101011234", "010101-1234", "01010112345",
                "x0101011234", "10101011234", "010101-12345", "010101--1234", "010101-123", id, id + "0101011234", id + "1234",
                "1" + id, "/fhir/ServiceRequest/" + id, "/fhir/Patient/0101011234/x", "01a23c6d-40fa-7304-902f-608252612", "123456-7890x",
                "0101011234".substring(0, 9), id.toUpperCase(), id.replace('-', '0') + "0101011234"));
        java.util.Random random = new java.util.Random(11);
        String alphabet = "012345678901234567890123456789-abcfAF/x|";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(48);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(4) == 0 && i + 36 <= length ? id : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            cases.add(text.toString());
        }
        int found = 0;
        for (String text : cases) {
            java.util.regex.Matcher matcher = CprShaped.expression().matcher(text);
            boolean cpr = false;
            while (matcher.find()) {
                cpr |= matcher.group().length() != 36;
            }
            assertThat(CprShaped.anyCprShaped(text)).as(text).isEqualTo(cpr);
            found += cpr ? 1 : 0;
        }
        assertThat(found).isBetween(100, cases.size() - 100); // both answers were met often
    }
}
