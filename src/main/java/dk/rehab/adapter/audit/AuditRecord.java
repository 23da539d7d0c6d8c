package dk.rehab.adapter.audit;

import java.time.Instant;
import java.util.List;

/**
 * One AuditEvent as the request thread knows it: a few strings, rendered to FHIR JSON ({@link AuditJson}) only when
 * it is stored (on the writer thread for reads and refusals, inside the transaction for writes).
 *
 * @param kind         what happened ({@link Kind#REST}: a FHIR interaction; {@link Kind#MESSAGE}: /medcom/ggop;
 *                     {@link Kind#EXPORT}: a delivery sent out)
 * @param subtype      the FHIR restful-interaction code (read, vread, search-type, create, update, operation, …); null
 *                     when not known
 * @param action       C, R, U, D or E
 * @param outcome      0, 4, 8 or 12
 * @param outcomeDesc  e.g. {@code HTTP 403 forbidden}; never data
 * @param clientKind   the token's client kind (hospital, gp, …); null when no valid token was sent
 * @param organisation the client's organisation id (or a delivery's recipient); null for none
 * @param client       the token's subject (client id); null when unknown
 * @param address      the client's network address (a delivery: the receiver's host)
 * @param request      the method and URL path without the query (CPR numbers masked)
 * @param query        a search's parameters, CPR numbers masked; null when not a search
 * @param entities     Type/id of what the event concerns: Patients first-class (role Patient), then the resources
 */
public record AuditRecord(String id, Instant recorded, Kind kind, String subtype, char action, int outcome, String outcomeDesc,
                          String clientKind, String organisation, String client, String address, String request, String query,
                          List<String> entities) {

    public enum Kind { REST, MESSAGE, EXPORT }

    /** 0 for success (2xx, 3xx), 4 for a refused or invalid request (4xx), 8 for a failure of the server (5xx). */
    public static int outcomeOf(int httpStatus) {
        return httpStatus < 400 ? 0 : httpStatus < 500 ? 4 : 8;
    }
}
