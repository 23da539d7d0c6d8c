package dk.rehab.adapter.report;

import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ReportTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Distinct citizens (Measure citizens), the seeds' tables that count people rather than referrals or courses: citizens
 * with a course active in the period ({@link CourseScope}) per legal basis (§ 140a: "borgere i vederlagsfri
 * fysioterapi"); new citizens (a course of the basis started in the period and none of that basis started before it);
 * hours held (fulfilled sessions starting in the period, by their course's legal basis) and the mean per citizen with a
 * held session; and citizens with a specialised plan received in the period ({@link PlanScope}). A citizen with courses
 * on two bases counts once in the total and once per basis. Grouped queries with {@code count(distinct …)}.
 */
@Component
public class CitizensTable implements AnnualReportTable {
    private static final String STARTED = "c.status not in ('planned', 'waitlist', 'entered-in-error') and c.period_start is not null";

    private final ReportSql sql;

    public CitizensTable(ReportSql sql) {
        this.sql = sql;
    }

    @Override
    public String id() {
        return "citizens";
    }

    @Override
    public String title() {
        return "Borgere: forløb, nye borgere og timer pr. lovgrundlag";
    }

    private record Hours(long citizens, BigDecimal seconds) {
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        // Each pair of figures (per basis, and the total that counts a citizen once) from one pass over the rows: the
        // distinct (basis, citizen) pairs are found once (a CTE, which PostgreSQL materialises when it is read twice) and
        // counted both ways; TOTAL marks the total's row.
        Object[] active = {period.until(), period.from()};
        Map<String, Long> byBasis = sql.countBy(bothWays("select distinct c.legal_basis b, c.patient_id pid from course c where "
                + CourseScope.ACTIVE), "none", active);
        long withCourse = total(byBasis);
        String newCourse = " from course c where " + STARTED + " and c.period_start >= ? and c.period_start < ? and not exists (select 1 from course o "
                + "where o.patient_id = c.patient_id and o.legal_basis = c.legal_basis and o.status <> 'entered-in-error' and o.period_start < ?)";
        Object[] fresh = {period.from(), period.until(), period.from()};
        Map<String, Long> newByBasis = sql.countBy(bothWays("select distinct c.legal_basis b, c.patient_id pid" + newCourse), "none", fresh);
        long newTotal = total(newByBasis);
        Map<String, Hours> hours = new LinkedHashMap<>();
        // the held time per course (a session's citizen is its course's, as SessionService requires): the calendar months
        // (UTC) wholly inside the period from what SessionService keeps per course and month (course_month_held, V32), the
        // sessions of the months at the period's edges one by one; then per basis and citizen over the courses
        HeldMonths months = HeldMonths.of(period);
        String heldRows = "select h.course_id, h.micros from course_month_held h where h.held_month >= ? and h.held_month < ? "
                + "union all select s.course_id, cast(extract(epoch from (s.end_at - s.start_at)) * 1000000 as bigint) micros from session s "
                + "where s.status = 'fulfilled' and (s.start_at >= ? and s.start_at < ? or s.start_at >= ? and s.start_at < ?)";
        // joined to the courses straight away (a grouping per course first hid the row count from the planner, which then
        // probed the course table once per course), summed as integers (microseconds)
        String perCitizen = "select c.legal_basis b, c.patient_id pid, sum(u.micros) micros from (" + heldRows + ") u "
                + "join course c on c.res_id = u.course_id group by c.legal_basis, c.patient_id";
        sql.stream("with h as (" + perCitizen + ") select b, count(*), sum(micros) from h group by b"
                        + " union all select '" + TOTAL + "', (select count(*) from (select distinct pid from h) d), (select sum(micros) from h)"
                        + " from (select 1 one) t",
                (RowCallbackHandler) rs -> hours.put(rs.getString(1),
                        new Hours(rs.getLong(2), rs.getBigDecimal(3) == null ? BigDecimal.ZERO : rs.getBigDecimal(3).movePointLeft(6))),
                months.args());
        Hours held = hours.remove(TOTAL);
        long heldCitizens = held.citizens();
        BigDecimal heldSeconds = held.seconds();
        long specialised = sql.count("select count(distinct p.patient_id) from plan p join plan_category k on k.plan_id = p.res_id where "
                + PlanScope.RECEIVED + " and k.cat_system = '" + Canonical.CS_CARE_SOCIAL + "' and k.code = '" + Canonical.PLAN_TYPE_SPECIALISERET + "'",
                period.from(), period.until());

        Map<String, String> bases = new LinkedHashMap<>(CourseCodes.LEGAL_BASES);
        List<ReportTable.Stratum> hourStrata = new ArrayList<>();
        List<ReportTable.Stratum> meanStrata = new ArrayList<>();
        hours.keySet().forEach(b -> bases.putIfAbsent(b, b));
        bases.forEach((basis, display) -> {
            Hours h = hours.getOrDefault(basis, new Hours(0, BigDecimal.ZERO));
            hourStrata.add(new ReportTable.Stratum(basis, display, h.citizens(), SessionHoursTable.hours(h.seconds())));
            meanStrata.add(new ReportTable.Stratum(basis, display, h.citizens(), mean(h.seconds(), h.citizens())));
        });
        return new ReportTable(id(), List.of(
                new ReportTable.Group("citizens-with-course", "Borgere med forløb i perioden", withCourse, null,
                        List.of(new ReportTable.Stratifier("legal-basis", ReportSql.strata(byBasis, CourseCodes.LEGAL_BASES)))),
                new ReportTable.Group("new-citizens", "Nye borgere (første forløb på lovgrundlaget)", newTotal, null,
                        List.of(new ReportTable.Stratifier("legal-basis", ReportSql.strata(newByBasis, CourseCodes.LEGAL_BASES)))),
                new ReportTable.Group("held-hours", "Leverede timer (borgere med gennemført træningsgang)", heldCitizens,
                        SessionHoursTable.hours(heldSeconds), List.of(new ReportTable.Stratifier("legal-basis", hourStrata))),
                new ReportTable.Group("mean-hours-per-citizen", "Timer pr. borger", heldCitizens, mean(heldSeconds, heldCitizens),
                        List.of(new ReportTable.Stratifier("legal-basis", meanStrata))),
                new ReportTable.Group("specialised-plan-citizens", "Borgere med specialiseret plan", specialised, null, List.of())));
    }

    /** The key of the total's row in {@link #bothWays}: no legal-basis code looks like it. */
    private static final String TOTAL = "*total*";

    /** {@code pairs} selects distinct (b, pid); the counts per b, then the distinct pid under {@link #TOTAL}. */
    private static String bothWays(String pairs) {
        // the citizens counted once by a distinct (a hash aggregate) rather than count(distinct …), which sorts
        return "with x as (" + pairs + ") select b, count(*) from x group by b union all select '" + TOTAL + "', count(*) from "
                + "(select distinct pid from x) d";
    }

    /** Takes the total's row out of {@code counts}. */
    private static long total(Map<String, Long> counts) {
        Long total = counts.remove(TOTAL);
        return total == null ? 0 : total;
    }

    private static ReportTable.Score mean(BigDecimal seconds, long citizens) {
        return citizens == 0 ? null : new ReportTable.Score(seconds.divide(BigDecimal.valueOf(3600L * citizens), 1, RoundingMode.HALF_UP), "h");
    }
}
