package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ReportTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Plans received (Measure plans-received): every plan received in the period ({@link PlanScope}), by plan type, by
 * the municipality's level (basal / avanceret, where the plan carries it), by month of receipt and by referring
 * hospital (the plan's requester).
 */
@Component
public class PlansReceivedTable implements AnnualReportTable {
    static final Map<String, String> TYPES = ordered(Canonical.PLAN_TYPE_ALMEN, "Almen", Canonical.PLAN_TYPE_REHABILITERING, "Rehabilitering",
            Canonical.PLAN_TYPE_SPECIALISERET, "Specialiseret");
    static final Map<String, String> LEVELS = ordered(Canonical.PLAN_LEVEL_BASAL, "Basal", Canonical.PLAN_LEVEL_AVANCERET, "Avanceret",
            "none", "Ikke angivet");

    private final ReportSql sql;
    private final Names names;

    public PlansReceivedTable(ReportSql sql, Names names) {
        this.sql = sql;
        this.names = names;
    }

    @Override
    public String id() {
        return "plans-received";
    }

    @Override
    public String title() {
        return "Modtagne genoptræningsplaner";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        Object[] bounds = {period.from(), period.until()};
        long total = sql.count("select count(*) from plan p where " + PlanScope.RECEIVED, bounds);
        Map<String, Long> both = categories(bounds);
        Map<String, Long> types = new LinkedHashMap<>();
        Map<String, Long> levels = new LinkedHashMap<>();
        both.forEach((code, n) -> (TYPES.containsKey(code) ? types : levels).put(code, n));
        levels.put("none", total - levels.values().stream().mapToLong(Long::longValue).sum());
        Map<String, Long> hospitals = sql.countBy("select p.requester_id, count(*) from plan p where " + PlanScope.RECEIVED
                + " group by p.requester_id order by count(*) desc, p.requester_id", "none", bounds);
        Map<String, String> hospitalNames = names.organisations(hospitals.keySet());
        return new ReportTable(id(), List.of(new ReportTable.Group("plans", "Modtagne planer", total, null, List.of(
                new ReportTable.Stratifier("plan-type", ReportSql.strata(types, TYPES)),
                new ReportTable.Stratifier("level", ReportSql.strata(levels, LEVELS)),
                new ReportTable.Stratifier("month", ReportSql.strata(months(period), MonthBuckets.codes(period))),
                new ReportTable.Stratifier("hospital", ReportSql.strata(hospitals, hospitalNames))))));
    }

    /**
     * Plans per plan type and per level, in one query: a plan's category codes are stored once each (V26), so a plain
     * join counts each plan once per code it carries.
     */
    private Map<String, Long> categories(Object[] bounds) {
        java.util.List<String> codes = new java.util.ArrayList<>(TYPES.keySet());
        LEVELS.keySet().stream().filter(c -> !c.equals("none")).forEach(codes::add);
        String in = String.join(",", codes.stream().map(c -> "'" + c + "'").toList());
        return sql.countBy("select k.code, count(*) from plan p join plan_category k on k.plan_id = p.res_id where k.cat_system = '"
                + Canonical.CS_CARE_SOCIAL + "' and k.code in (" + in + ") and " + PlanScope.RECEIVED + " group by k.code", "none", bounds);
    }

    /** Plans per month of receipt: one grouped query over the months' bounds (in the zone). */
    private Map<String, Long> months(ReportPeriod period) {
        return sql.countBy("select m, count(*) from (select " + MonthBuckets.caseOf("p.authored", period) + " m from plan p where "
                + PlanScope.RECEIVED + ") x group by m", "none", MonthBuckets.concat(MonthBuckets.bounds(period), period.from(), period.until()));
    }

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
