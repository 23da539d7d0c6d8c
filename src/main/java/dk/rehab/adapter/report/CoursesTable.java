package dk.rehab.adapter.report;

import dk.rehab.adapter.catalogue.ServiceCatalogue;
import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ReportTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Courses (Measure courses): started in the period (period.start in it), finished in the period (status finished,
 * period.end in it), cancelled in the period (status cancelled, period.end in it); each by legal basis, diagnosis
 * group, package of the catalogue, level (basal / avanceret) and team (the HealthcareService of any of its sessions:
 * a course trained on two teams counts on both; "none" for a course without a team session); finished and cancelled
 * also by end reason.
 */
@Component
public class CoursesTable implements AnnualReportTable {
    static final Map<String, String> END_REASONS = PlansReceivedTable.ordered(
            Canonical.END_REASON_EVENT, "Hændelse medfører ophør",
            Canonical.END_REASON_NO_NEED_CITIZEN, "Ikke yderligere behov (borger-vurderet)",
            Canonical.END_REASON_NO_NEED_PROFESSIONAL, "Ikke yderligere behov (fagperson-vurderet)",
            Canonical.END_REASON_NO_CONTACT, "Borger har ikke henvendt sig eller er udeblevet",
            Canonical.END_REASON_DECLINED, "Aktivt fravalg",
            "none", "Ikke angivet");

    private final ReportSql sql;
    private final Names names;
    private final ServiceCatalogue catalogue;

    public CoursesTable(ReportSql sql, Names names, ServiceCatalogue catalogue) {
        this.sql = sql;
        this.names = names;
        this.catalogue = catalogue;
    }

    @Override
    public String id() {
        return "courses";
    }

    @Override
    public String title() {
        return "Forløb: startet, afsluttet og annulleret";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        return new ReportTable(id(), List.of(
                group(period, "started", "Startede forløb", "c.status not in ('planned', 'waitlist') and c.period_start >= ? and c.period_start < ?", false),
                group(period, "finished", "Afsluttede forløb", "c.status = 'finished' and c.period_end >= ? and c.period_end < ?", true),
                group(period, "cancelled", "Annullerede forløb", "c.status = 'cancelled' and c.period_end >= ? and c.period_end < ?", true)));
    }

    private ReportTable.Group group(ReportPeriod period, String code, String display, String where, boolean ended) {
        Object[] b = {period.from(), period.until()};
        long total = sql.count("select count(*) from course c where " + where, b);
        List<ReportTable.Stratifier> stratifiers = new ArrayList<>();
        stratifiers.add(new ReportTable.Stratifier("legal-basis", ReportSql.strata(by("c.legal_basis", where, b), CourseCodes.LEGAL_BASES)));
        stratifiers.add(new ReportTable.Stratifier("diagnosis-group", ReportSql.strata(by("c.diagnosis_group", where, b), Map.of())));
        stratifiers.add(new ReportTable.Stratifier("package", ReportSql.strata(packageCounts(by("c.package_url", where, b)), packages())));
        stratifiers.add(new ReportTable.Stratifier("level", ReportSql.strata(by("c.level_code", where, b), PlansReceivedTable.LEVELS)));
        stratifiers.add(new ReportTable.Stratifier("team", teams(where, b)));
        String month = ended ? "c.period_end" : "c.period_start";
        stratifiers.add(new ReportTable.Stratifier("month", ReportSql.strata(sql.countBy("select m, count(*) from (select "
                + MonthBuckets.caseOf(month, period) + " m from course c where " + where + ") x group by m", "none",
                MonthBuckets.concat(MonthBuckets.bounds(period), b)), MonthBuckets.codes(period))));
        if (ended) {
            stratifiers.add(new ReportTable.Stratifier("end-reason", ReportSql.strata(by("c.end_reason", where, b), END_REASONS)));
        }
        return new ReportTable.Group(code, display, total, null, stratifiers);
    }

    private Map<String, Long> by(String column, String where, Object[] b) {
        return sql.countBy("select " + column + ", count(*) from course c where " + where + " group by " + column + " order by " + column, "none", b);
    }

    /**
     * Courses per team, and "none" for those without a team session, in one query: each course joined to the distinct
     * teams of its sessions (a course without any joins to null, counted as "none"). The same counts as one
     * {@code count(distinct course)} per team plus a {@code not exists} per course, without sorting every team session of
     * the period's courses (at national scale that was seconds per group).
     */
    private List<ReportTable.Stratum> teams(String where, Object[] b) {
        Map<String, Long> counts = new LinkedHashMap<>(sql.countBy("select t.team_id, count(*) from course c left join "
                + "(select distinct s.course_id, s.team_id from session s where s.team_id is not null) t on t.course_id = c.res_id "
                + "where " + where + " group by t.team_id order by t.team_id", "none", b));
        Map<String, String> displays = new LinkedHashMap<>();
        counts.keySet().stream().filter(id -> !id.equals("none")).forEach(id -> displays.put(id, names.team(id)));
        displays.put("none", "Uden hold");
        counts.putIfAbsent("none", 0L);
        return ReportSql.strata(counts, displays);
    }

    /** Counts by package canonical (as the courses name it, with or without version) folded to the package's id. */
    private Map<String, Long> packageCounts(Map<String, Long> byCanonical) {
        Map<String, Long> byId = new LinkedHashMap<>();
        byCanonical.forEach((canonical, n) -> byId.merge(catalogue.find(canonical).map(p -> p.getIdElement().getIdPart()).orElse(canonical),
                n, Long::sum));
        return byId;
    }

    /** Every package of the catalogue by id (zero when unused), then "none" (a course without a package). */
    private Map<String, String> packages() {
        Map<String, String> codes = new LinkedHashMap<>();
        catalogue.all().forEach(p -> codes.put(p.getIdElement().getIdPart(), p.getTitle()));
        codes.put("none", "Ingen pakke");
        return codes;
    }
}
