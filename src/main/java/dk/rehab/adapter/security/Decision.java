package dk.rehab.adapter.security;

/**
 * What {@link AccessRules} decided for one request: allowed (for a search, possibly only within a narrowing
 * parameter added to the query), forbidden (403), or hidden (404, as for a resource that does not exist).
 *
 * @param narrowingParameter for an allowed search: a parameter added to the caller's own (AND), e.g.
 *                           {@code requester.identifier}; null for none
 * @param narrowingValue     its value
 * @param reason             why it was refused (for the OperationOutcome; never data)
 */
public record Decision(Outcome outcome, String narrowingParameter, String narrowingValue, String reason) {
    public enum Outcome { ALLOW, FORBIDDEN, NOT_FOUND }

    static final Decision ALLOW = new Decision(Outcome.ALLOW, null, null, null);

    static Decision forbidden(String reason) {
        return new Decision(Outcome.FORBIDDEN, null, null, reason);
    }

    static Decision notFound() {
        return new Decision(Outcome.NOT_FOUND, null, null, null);
    }

    static Decision narrowed(String parameter, String value) {
        return new Decision(Outcome.ALLOW, parameter, value, null);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
