package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.search.SqlFilter;

/** Small helpers shared by the course and session providers. */
final class Requests {
    private Requests() {
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
