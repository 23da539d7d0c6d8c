package dk.rehab.adapter.course;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.search.SqlFilter;

/** Small helpers shared by the course and session providers. */
final class Requests {
    private Requests() {
    }

    static Integer ifMatch(RequestDetails request) {
        String header = request.getHeader("If-Match");
        if (header == null || header.isBlank()) {
            return null;
        }
        String version = header.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Integer.valueOf(version);
        } catch (NumberFormatException e) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "If-Match must name a version, as W/\"3\"", null);
        }
    }

    /** A true/false token's value. */
    static boolean bool(SqlFilter filter, String valueBind, String name) {
        Object value = valueBind == null ? null : filter.params().getValue(valueBind.substring(1));
        if (!"true".equals(value) && !"false".equals(value)) {
            throw SqlFilter.invalid(name, name + " takes true or false");
        }
        return "true".equals(value);
    }
}
