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
        CourseLevels current = new CourseLevels();
        // every assessment in (course, area, phase, effective, id) order: the last of a (course, area, phase) is its latest,
        // and it overwrites the earlier ones below (no window function: at national scale it cost a second sort)
        sql.stream("select f.course_id, f.area_code, f.phase, f.level_code from functional_status f join course c on c.res_id = f.course_id "
                + "where " + FINISHED + " and f.status <> 'entered-in-error' and f.phase in ('start', 'end') "
                + "order by f.course_id, f.area_code, f.phase, f.effective, f.res_id",
                (RowCallbackHandler) rs -> {
                    String course = rs.getString(1);
                    if (!course.equals(current.course)) {
                        current.flush(areas, improved);
                        current.course = course;
                    }
                    current.levels.computeIfAbsent(rs.getString(2), a -> new String[2])["start".equals(rs.getString(3)) ? 0 : 1] =
                            fsiii.levelNumber(rs.getString(4));
                }, b);
        current.flush(areas, improved);
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

    /** The levels of the course being read: area → [start, end] (level numbers, null when not assessed). */
    private static final class CourseLevels {
        String course;
        final Map<String, String[]> levels = new java.util.TreeMap<>();

        void flush(Map<String, Area> areas, long[] improved) {
            if (course == null) {
                return;
            }
            boolean comparable = false;
            boolean better = false;
            for (Map.Entry<String, String[]> e : levels.entrySet()) {
                Area area = areas.computeIfAbsent(e.getKey(), k -> new Area());
                String start = e.getValue()[0];
                String end = e.getValue()[1];
                area.courses++;
                area.start.merge(start == null ? "none" : start, 1L, Long::sum);
                area.end.merge(end == null ? "none" : end, 1L, Long::sum);
                String change = change(start, end);
                area.change.merge(change, 1L, Long::sum);
                comparable |= !change.equals("not-comparable");
                better |= change.equals("improved");
            }
            if (comparable) {
                improved[1]++;
            }
            if (better) {
                improved[0]++;
            }
            levels.clear();
        }

        static String change(String start, String end) {
            if (start == null || end == null || start.equals("9") || end.equals("9")) {
                return "not-comparable";
            }
            int d = Integer.parseInt(end) - Integer.parseInt(start);
            return d < 0 ? "improved" : d == 0 ? "unchanged" : "worsened";
        }
    }
}
