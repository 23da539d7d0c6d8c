package dk.rehab.adapter.report;

/**
 * Which courses were active at some time in the period: started (a start date, not planned, waitlist or entered in error)
 * before the period's end, and not ended before its start. {@code c} is the course projection's alias; the two
 * parameters are the period's {@code until} and {@code from}, in that order.
 */
final class CourseScope {
    static final String ACTIVE = "c.status not in ('planned', 'waitlist', 'entered-in-error') and c.period_start is not null"
            + " and c.period_start < ? and (c.period_end is null or c.period_end >= ?)";

    private CourseScope() {
    }
}
