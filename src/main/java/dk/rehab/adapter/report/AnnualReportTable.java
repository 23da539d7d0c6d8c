package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;

/** One table of the annual report: one Measure (profiles/Measure-{id}.json), computed with SQL aggregates. */
public interface AnnualReportTable {
    /** The table's id, the last part of its Measure's canonical URL, and the value of {@code table=}. */
    String id();

    /** Its Danish title (CSV, PDF). */
    String title();

    ReportTable compute(ReportPeriod period);
}
