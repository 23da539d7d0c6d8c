package dk.rehab.adapter.fuzz;

import java.util.List;
import java.util.Random;

/** The hostile values the fuzz suite puts into elements, search parameters and headers. */
final class Nasty {
    static final List<String> DATES = List.of("2026-13-45", "2026-02-30", "0000-00-00", "9999-12-31T25:61:61Z", "2026-1-1", "20261203",
            "2026-12-03T10:00:00", "2026-12-03T10:00:00+25:00", "-2026-01-01", "not-a-date", "2026-12-03Z", "1899-12-31", "99999-01-01",
            "2026-12-03T10:00:00.1234567890123Z", "2026");
    static final List<String> CODES = List.of("", " ", "not-a-code", "ALMEN", "almen ", "DS720 ", "\u0000", "a|b", "a,b", "*", "%", "null",
            "'; drop table resource; --", "<code/>", "\u202Ealmen", "almen\nspecialiseret", "x".repeat(65), "x".repeat(300));
    static final List<String> REFERENCES = List.of("", "Patient/", "/Patient/1", "Patient//1", "Patient/%00", "Patient/../../etc/passwd",
            "Patient/1/_history/x", "Patient/1/_history/", "urn:uuid:", "urn:uuid:not-in-this-bundle", "urn:oid:1.2.3", "#", "#missing",
            "http://other.example/fhir/Patient/1", "Medication/1", "ServiceRequest/plan-nancy", "Patient?identifier=x", "Patient/" + "9".repeat(200),
            "Organization/ouh-ortopaedkirurgisk/extra", "patient/1", "Patient/ 1");
    static final List<String> TEXTS = List.of("", " ", "\u0000", "\u0007\u001b[31m", "\uFEFF", "\u202E", "💩👍🏽", "Ærø Ø å", "\r\n\t",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%s%n%x", "\\u0000", "\"quoted\"", "'", "0102031234",
            "010203-1234", "\uD83D", "\uDC00x", "null", "true", "-0", "1e309", "NaN", "∞");
    static final List<String> SEARCH_VALUES = List.of("", "%", "%zz", "%00", "%25", "|", "||", "a|", "|b", "a|b|c", "http://x|", "eq", "ge",
            "gt2026-13-01", "lt" + "9".repeat(30), "ap2026", "sa2026-01-01", "2026-02-30", "ge2026-01-01T25:00", "-1", "0", "1e400", "true",
            "null", "*", "Patient/", "urn:uuid:", "ServiceRequest/does-not-exist", "'; drop table resource; --", "\u0000", "💩",
            "x".repeat(5000), "a,b,,c", ",", "\\", "\\|", "$", "Patient?x=y", "_history", "2026-12-03T10:00:00Z", "W/\"1\"");
    static final List<String> MODIFIERS = List.of("", ":exact", ":contains", ":missing", ":not", ":text", ":identifier", ":above",
            ":below", ":in", ":of-type", ":Patient", ":nonsense", ".identifier", ".name", ".x.y", ":missing:exact");
    static final List<String> CONTROL_PARAMS = List.of("_count", "_sort", "_include", "_revinclude", "_elements", "_summary", "_total",
            "_format", "_pretty", "_id", "_lastUpdated", "_has:Condition:subject:code", "_offset", "_page", "_getpages", "_contained", "_filter");

    private Nasty() {
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A string of {@code length} characters, ASCII or not. */
    static String huge(Random random, int length) {
        String unit = pick(random, List.of("x", "æ", "💩", "0", " ", "a|"));
        return unit.repeat(Math.max(1, length / unit.length()));
    }
}
