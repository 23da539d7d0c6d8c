package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import dk.rehab.adapter.functionalstatus.Fsiii;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * FSIII functional levels (Measure functional-levels), for the courses finished in the period (status finished,
 * period.end in it): per FSIII area, the level at the start (the latest assessment of phase start of the course in that
 * area, entered-in-error ignored) and at the end (the latest of phase end), and the change (improved: the end level is
 * lower on the 0–4 scale; unchanged; worsened; not comparable: a phase missing or level 9). Group "courses": the
 * finished courses, by whether they improved in at least one area; the share is of the courses comparable in at least
 * one area.
 */
@Component
public class FunctionalLevelsTable implements AnnualReportTable {
    static final Map<String, String> LEVELS = PlansReceivedTable.ordered("0", "0 Ingen begrænsninger", "1", "1 Lette begrænsninger",
            "2", "2 Moderate begrænsninger", "3", "3 Svære begrænsninger", "4", "4 Totale begrænsninger", "9", "9 Ikke relevant",
            "none", "Ikke vurderet");
    static final Map<String, String> CHANGES = PlansReceivedTable.ordered("improved", "Forbedret", "unchanged", "Uændret",
            "worsened", "Forværret", "not-comparable", "Kan ikke sammenlignes");
    private static final String FINISHED = "c.status = 'finished' and c.period_end >= ? and c.period_end < ?";

    private final ReportSql sql;
    private final Fsiii fsiii;

    public FunctionalLevelsTable(ReportSql sql, Fsiii fsiii) {
        this.sql = sql;
        this.fsiii = fsiii;
    }

    @Override
    public String id() {
        return "functional-levels";
    }

    @Override
    public String title() {
        return "Funktionsniveau (FSIII) ved start og slut";
    }

    /** One area's counts. */
    private static final class Area {
        final Map<String, Long> start = new HashMap<>();
        final Map<String, Long> end = new HashMap<>();
        final Map<String, Long> change = new HashMap<>();
        long courses;
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        Object[] b = {period.from(), period.until()};
        long finished = sql.count("select count(*) from course c where " + FINISHED, b);
        Map<String, Area> areas = new java.util.TreeMap<>();
        long[] improved = new long[2]; // [courses improved in some area, courses comparable in some area]
        // In SQL, so that only the counts reach the JVM: the latest start and end assessment of each (course, area) as
        // FunctionalStatusService keeps them (fsiii_change, V30: picking them out of every assessment was the table's
        // cost at national scale), as level numbers; counted per (area, start, end), and per course whether some area
        // is comparable and improved.
        List<Object> args = new ArrayList<>();
        String s = levelNumber("p.start_level", args);
        String e = levelNumber("p.end_level", args);
        args.addAll(List.of(b));
        String comparable = "p.s is not null and p.e is not null and p.s <> '9' and p.e <> '9'";
        sql.stream("with pairs as (select p.course_id, p.area_code, " + s + " s, " + e + " e from fsiii_change p "
                        + "join course c on c.res_id = p.course_id where " + FINISHED + "), "
                        + "per_course as (select p.course_id, max(case when " + comparable + " then 1 else 0 end) k, "
                        + "max(case when " + comparable + " and p.e < p.s then 1 else 0 end) i from pairs p group by p.course_id) "
                        + "select 'area' kind, area_code, s, e, count(*) n, 0 m from pairs group by area_code, s, e "
                        + "union all select 'courses', null, null, null, sum(k), sum(i) from per_course",
                (RowCallbackHandler) rs -> {
                    if ("courses".equals(rs.getString(1))) {
                        improved[1] = rs.getLong(5);
                        improved[0] = rs.getLong(6);
                        return;
                    }
                    Area area = areas.computeIfAbsent(rs.getString(2), k -> new Area());
                    String start = rs.getString(3);
                    String end = rs.getString(4);
                    long n = rs.getLong(5);
                    area.courses += n;
                    area.start.merge(start == null ? "none" : start, n, Long::sum);
                    area.end.merge(end == null ? "none" : end, n, Long::sum);
                    area.change.merge(change(start, end), n, Long::sum);
                }, args.toArray());
        List<ReportTable.Group> groups = new ArrayList<>();
        Map<String, Long> byImprovement = Map.of("improved", improved[0], "not-improved", improved[1] - improved[0],
                "not-comparable", finished - improved[1]);
        groups.add(new ReportTable.Group("courses", "Afsluttede forløb", finished, ReportSql.percent(improved[0], improved[1]), List.of(
                new ReportTable.Stratifier("improvement", List.of(
                        new ReportTable.Stratum("improved", "Forbedret i mindst ét område", byImprovement.get("improved"),
                                ReportSql.percent(improved[0], improved[1])),
                        new ReportTable.Stratum("not-improved", "Ikke forbedret", byImprovement.get("not-improved"),
                                ReportSql.percent(improved[1] - improved[0], improved[1])),
                        new ReportTable.Stratum("not-comparable", "Uden start- og slutvurdering", byImprovement.get("not-comparable"), null))))));
        areas.forEach((code, area) -> groups.add(new ReportTable.Group(code, fsiii.display(code), area.courses, null, List.of(
                new ReportTable.Stratifier("start-level", ReportSql.strata(area.start, LEVELS)),
                new ReportTable.Stratifier("end-level", ReportSql.strata(area.end, LEVELS)),
                new ReportTable.Stratifier("change", ReportSql.withShares(ReportSql.strata(area.change, CHANGES), area.courses))))));
        return new ReportTable(id(), groups);
    }

    /** {@code column}'s FSIII level code as its level number ('0'–'4', '9'; null when there is none), its codes bound in {@code args}. */
    private String levelNumber(String column, List<Object> args) {
        StringBuilder level = new StringBuilder("case ").append(column);
        fsiii.levelNumbers().forEach((code, number) -> {
            level.append(" when ? then '").append(number).append('\'');
            args.add(code);
        });
        return level.append(" end").toString();
    }

    static String change(String start, String end) {
        if (start == null || end == null || start.equals("9") || end.equals("9")) {
            return "not-comparable";
        }
        int d = Integer.parseInt(end) - Integer.parseInt(start);
        return d < 0 ? "improved" : d == 0 ? "unchanged" : "worsened";
    }
}
