package dk.rehab.adapter.report;

/**
 * Which plans the report counts: received (authoredOn, the municipality's date of receipt) in the period, and not
 * withdrawn: a plan revoked (replaced by a hospital's correction, which is counted instead, or retracted) or entered in
 * error is not counted. {@code p} is the plan projection's alias; the two parameters are the period's bounds.
 */
final class PlanScope {
    static final String RECEIVED = "p.authored >= ? and p.authored < ? and p.status not in ('revoked', 'entered-in-error')";

    private PlanScope() {
    }
}
