package dk.rehab.adapter.report;

import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.ReportTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Referrals by legal basis (Measure referrals-by-legal-basis): a hospital plan received in the period
 * ({@link PlanScope}) is one § 140 referral; a course registered in the period without a plan (a direct referral or
 * application: § 86, § 119, § 140a, Jobcenter) is one referral of the course's legal basis, counted by the date the
 * course was registered.
 */
@Component
public class ReferralsTable implements AnnualReportTable {
    private final ReportSql sql;

    public ReferralsTable(ReportSql sql) {
        this.sql = sql;
    }

    @Override
    public String id() {
        return "referrals-by-legal-basis";
    }

    @Override
    public String title() {
        return "Henvendelser fordelt på lovgrundlag";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        Object[] bounds = {period.from(), period.until()};
        long plans = sql.count("select count(*) from plan p where " + PlanScope.RECEIVED, bounds);
        Map<String, Long> byBasis = new LinkedHashMap<>(sql.countBy("select c.legal_basis, count(*) from course c "
                + "where c.plan_id is null and c.created >= ? and c.created < ? group by c.legal_basis", "none", bounds));
        long direct = byBasis.values().stream().mapToLong(Long::longValue).sum();
        byBasis.merge(CourseCodes.LEGAL_BASIS_PLAN, plans, Long::sum);
        long total = plans + direct;
        Map<String, String> sources = PlansReceivedTable.ordered("hospital-plan", "Genoptræningsplan fra sygehus",
                "direct-referral", "Anden henvendelse (uden genoptræningsplan)");
        Map<String, Long> bySource = Map.of("hospital-plan", plans, "direct-referral", direct);
        return new ReportTable(id(), List.of(new ReportTable.Group("referrals", "Henvendelser", total, null, List.of(
                new ReportTable.Stratifier("legal-basis", ReportSql.withShares(ReportSql.strata(byBasis, CourseCodes.LEGAL_BASES), total)),
                new ReportTable.Stratifier("source", ReportSql.withShares(ReportSql.strata(bySource, sources), total))))));
    }
}
