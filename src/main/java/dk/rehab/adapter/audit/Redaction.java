package dk.rehab.adapter.audit;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.patient.Cpr;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPR numbers out of what the audit trail stores of a request: the value of every token of the CPR system
 * ({@code urn:oid:1.2.208.176.1.2|…}) is replaced by {@code *****}, and so is anything else shaped like a CPR number
 * (ten digits, or six, a dash and four, with a real date) wherever it appears.
 */
final class Redaction {
    static final String MASK = "*****";
    private static final Pattern CPR_TOKEN = Pattern.compile(Pattern.quote(Canonical.SYSTEM_CPR + "|") + "[^,&]*");

    private Redaction() {
    }

    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text.contains(Canonical.SYSTEM_CPR) ? CPR_TOKEN.matcher(text).replaceAll(Matcher.quoteReplacement(Canonical.SYSTEM_CPR + "|" + MASK)) : text;
        return dk.rehab.adapter.fhir.CprShaped.replace(masked, shaped -> Cpr.problem(shaped) == null ? MASK : shaped);
    }

    /** The parameters as a query string ({@code name=value&…}, values as the client meant them, not URL-encoded), masked; null for none. */
    static String query(Map<String, String[]> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(parameter.getKey()).append('=').append(value);
            }
        }
        return query.length() == 0 ? null : mask(query.toString());
    }
}
