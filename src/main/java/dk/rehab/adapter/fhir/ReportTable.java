package dk.rehab.adapter.fhir;

import java.math.BigDecimal;
import java.util.List;

/**
 * One computed table of a report, independent of how it is shown: groups (a population with a count and maybe a
 * score), each split by stratifiers into strata. {@link MeasureReportBuilder} turns it into a FHIR MeasureReport,
 * the report's CSV writer into rows.
 *
 * @param id the table's id: the last part of its Measure's canonical URL
 */
public record ReportTable(String id, List<Group> groups) {

    /** A score: a value with its UCUM unit ({@code %}, {@code d}). */
    public record Score(BigDecimal value, String unit) {
    }

    /** A population: its code (text), a display, its count, an optional score and its stratifiers. */
    public record Group(String code, String display, long count, Score score, List<Stratifier> stratifiers) {
    }

    public record Stratifier(String code, List<Stratum> strata) {
    }

    /** One stratum: its value's code, a display for people (CSV, PDF), its count and an optional score. */
    public record Stratum(String code, String display, long count, Score score) {
    }

    /** The group with {@code code}, or an exception (for tests and renderers). */
    public Group group(String code) {
        return groups.stream().filter(g -> g.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + code + " in " + id));
    }
}
