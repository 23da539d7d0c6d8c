package dk.rehab.adapter.report;

import dk.rehab.adapter.catalogue.ServiceCatalogue;
import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ReportTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
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

    /** A group of the table: its code, display, the courses it counts and the date that puts them in the period. */
    private record Kind(String code, String display, String where, String month, boolean ended) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("started", "Startede forløb", "c.status not in ('planned', 'waitlist') and c.period_start >= ? and c.period_start < ?",
                    "c.period_start", false),
            new Kind("finished", "Afsluttede forløb", "c.status = 'finished' and c.period_end >= ? and c.period_end < ?", "c.period_end", true),
            new Kind("cancelled", "Annullerede forløb", "c.status = 'cancelled' and c.period_end >= ? and c.period_end < ?", "c.period_end", true));

    /** The stratifiers counted by a column of the groups' rows (g), in the table's order. */
    private static final List<String[]> COLUMNS = List.of(new String[] {"legal-basis", "legal_basis"},
            new String[] {"diagnosis-group", "diagnosis_group"}, new String[] {"package", "package_url"}, new String[] {"level", "level_code"},
            new String[] {"month", "m"}, new String[] {"end-reason", "end_reason"});

    @Override
    public ReportTable compute(ReportPeriod period) {
        // One statement for the three groups and all their stratifiers: the groups' courses once (g, one branch per
        // group), counted by each column, and their teams (course_team, kept as sessions are stored) joined once for all three (it was 24
        // queries over the courses and three passes over every session's team at national scale).
        List<Object> args = new ArrayList<>();
        StringBuilder g = new StringBuilder();
        for (Kind kind : KINDS) {
            g.append(g.isEmpty() ? "" : " union all ").append("select '").append(kind.code()).append("' grp, c.res_id, c.legal_basis, ")
                    .append("c.diagnosis_group, c.package_url, c.level_code, c.end_reason, ").append(MonthBuckets.caseOf(kind.month(), period))
                    .append(" m from course c where ").append(kind.where());
            args.addAll(List.of(MonthBuckets.bounds(period)));
            args.add(period.from());
            args.add(period.until());
        }
        StringBuilder counts = new StringBuilder("with g as (").append(g).append(") ");
        for (String[] column : COLUMNS) {
            counts.append("select grp, '").append(column[0]).append("' dim, ").append(column[1]).append(" k, count(*) n from g group by grp, ")
                    .append(column[1]).append(" union all ");
        }
        // the teams of each course's sessions as SessionService keeps them (course_team, V29): one row per course and team
        counts.append("select g.grp, 'team', t.team_id, count(*) from g left join course_team t on t.course_id = g.res_id ")
                .append("group by g.grp, t.team_id order by 1, 2, 3");
        Map<String, Map<String, Map<String, Long>>> byKind = new LinkedHashMap<>();
        sql.stream(counts.toString(), (RowCallbackHandler) rs -> {
            String key = rs.getString(3);
            byKind.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).computeIfAbsent(rs.getString(2), d -> new LinkedHashMap<>())
                    .merge(key == null ? "none" : key, rs.getLong(4), Long::sum);
        }, args.toArray());
        List<ReportTable.Group> groups = new ArrayList<>();
        for (Kind kind : KINDS) {
            Map<String, Map<String, Long>> by = byKind.getOrDefault(kind.code(), Map.of());
            long total = by.getOrDefault("legal-basis", Map.of()).values().stream().mapToLong(Long::longValue).sum();
            List<ReportTable.Stratifier> stratifiers = new ArrayList<>();
            stratifiers.add(new ReportTable.Stratifier("legal-basis", ReportSql.strata(by.getOrDefault("legal-basis", Map.of()), CourseCodes.LEGAL_BASES)));
            stratifiers.add(new ReportTable.Stratifier("diagnosis-group", ReportSql.strata(by.getOrDefault("diagnosis-group", Map.of()), Map.of())));
            stratifiers.add(new ReportTable.Stratifier("package", ReportSql.strata(packageCounts(by.getOrDefault("package", Map.of())), packages())));
            stratifiers.add(new ReportTable.Stratifier("level", ReportSql.strata(by.getOrDefault("level", Map.of()), PlansReceivedTable.LEVELS)));
            stratifiers.add(new ReportTable.Stratifier("team", teams(by.getOrDefault("team", Map.of()))));
            stratifiers.add(new ReportTable.Stratifier("month", ReportSql.strata(by.getOrDefault("month", Map.of()), MonthBuckets.codes(period))));
            if (kind.ended()) {
                stratifiers.add(new ReportTable.Stratifier("end-reason", ReportSql.strata(by.getOrDefault("end-reason", Map.of()), END_REASONS)));
            }
            groups.add(new ReportTable.Group(kind.code(), kind.display(), total, null, stratifiers));
        }
        return new ReportTable(id(), groups);
    }

    /**
     * Courses per team, and "none" for those without a team session: each course joined to the distinct teams of its
     * sessions (a course without any joins to null, counted as "none"); a course trained on two teams counts on both.
     */
    private List<ReportTable.Stratum> teams(Map<String, Long> byTeam) {
        Map<String, Long> counts = new LinkedHashMap<>(byTeam);
        Map<String, String> displays = new LinkedHashMap<>(names.teams(counts.keySet().stream().filter(id -> !id.equals("none")).toList()));
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
