package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's header-value rule as a loop says what Spring Security's regular expression says. */
class HeaderValueRuleTest {
    private static final Pattern SPRING = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void agreesWithTheFirewallsExpression() {
        String[] values = {"Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.abc-_~+/=", "", "application/fhir+json; charset=utf-8",
                "Ishøj Kommune – genoptræning", "tab\there", "line\nbreak", "nul\u0000", "del\u007f", "c1\u0085", "unassigned\uffff",
                "surrogate \ud83d\ude00", "W/\"1\""};
        for (String value : values) {
            assertThat(SecurityConfig.assignedAndNotControl(value)).as("'%s'", value).isEqualTo(SPRING.matcher(value).matches());
        }
    }
}
