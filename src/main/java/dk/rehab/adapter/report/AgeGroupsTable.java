package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Citizens by age group (Measure age-groups; the 2024 report's Figur 5): distinct citizens with a course active at some
 * time in the period (started before its end, not ended before its start; not planned, waitlist or entered in error), and
 * distinct citizens with a plan received in the period ({@link PlanScope}), each by age on the period's last day. The
 * birth date is the CPR number's (DDMMYY and the century from the 7th digit, as CPR defines it), computed in SQL; age
 * groups are a CASE over the birth dates that bound them, so one grouped query counts each group.
 */
@Component
public class AgeGroupsTable implements AnnualReportTable {
    /** The lower bounds of the age groups (years), ascending; the last group is open. */
    static final int[] FROM = {0, 18, 30, 40, 50, 60, 70, 80, 90};

    /** The CPR number's birth date as YYYYMMDD (7th digit 0–3: 1900s; 4, 9: 2000s up to 36, else 1900s; 5–8: 2000s up to 57, else 1800s). */
    static final String BIRTH = "(case when substr(pt.cpr, 7, 1) in ('0', '1', '2', '3') then '19'"
            + " when substr(pt.cpr, 7, 1) in ('4', '9') then case when substr(pt.cpr, 5, 2) <= '36' then '20' else '19' end"
            + " else case when substr(pt.cpr, 5, 2) <= '57' then '20' else '18' end end"
            + " || substr(pt.cpr, 5, 2) || substr(pt.cpr, 3, 2) || substr(pt.cpr, 1, 2))";

    private static final String ACTIVE_COURSE = "select c.patient_id from course c where " + CourseScope.ACTIVE;

    private final ReportSql sql;

    public AgeGroupsTable(ReportSql sql) {
        this.sql = sql;
    }

    @Override
    public String id() {
        return "age-groups";
    }

    @Override
    public String title() {
        return "Borgere fordelt på aldersgrupper";
    }

    static Map<String, String> groups() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < FROM.length; i++) {
            String code = i + 1 < FROM.length ? FROM[i] + "-" + (FROM[i + 1] - 1) : FROM[i] + "+";
            codes.put(code, code + " år");
        }
        return codes;
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        // the citizens counted per birth date (computed once per citizen in SQL; a CASE over the age groups computed it
        // once per group: most of the table's time with 168,000 citizens), put in their age groups here
        List<String> bounds = new ArrayList<>();
        for (int i = 1; i < FROM.length; i++) {
            bounds.add(period.end().minusYears(FROM[i]).format(DateTimeFormatter.BASIC_ISO_DATE));
        }
        String select = "select b, count(*) from (select " + BIRTH + " b from patient pt where pt.res_id in (";
        Map<String, Long> withCourse = byAgeGroup(sql.countBy(select + ACTIVE_COURSE + ")) x group by b", "none",
                period.until(), period.from()), bounds);
        Map<String, Long> withPlan = byAgeGroup(sql.countBy(select + "select p.patient_id from plan p where " + PlanScope.RECEIVED
                + ")) x group by b", "none", period.from(), period.until()), bounds);
        return new ReportTable(id(), List.of(group("citizens-with-course", "Borgere med forløb i perioden", withCourse),
                group("citizens-with-plan", "Borgere med plan modtaget i perioden", withPlan)));
    }

    /**
     * Counts per birth date (yyyyMMdd) summed per age group on the period's last day: the first group whose lower bound
     * ({@code bounds}: the last day minus 18, 30, … years) the birth date lies after, the oldest group otherwise.
     */
    static Map<String, Long> byAgeGroup(Map<String, Long> byBirth, List<String> bounds) {
        List<String> codes = List.copyOf(groups().keySet());
        Map<String, Long> counts = new LinkedHashMap<>();
        byBirth.forEach((birth, n) -> {
            int group = 0;
            while (group < bounds.size() && birth.compareTo(bounds.get(group)) <= 0) {
                group++;
            }
            counts.merge(codes.get(group), n, Long::sum);
        });
        return counts;
    }

    private static ReportTable.Group group(String code, String display, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new ReportTable.Group(code, display, total, null,
                List.of(new ReportTable.Stratifier("age-group", ReportSql.withShares(ReportSql.strata(counts, groups()), total))));
    }
}
