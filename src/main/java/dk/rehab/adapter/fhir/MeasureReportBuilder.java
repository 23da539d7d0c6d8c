package dk.rehab.adapter.fhir;

import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A {@link ReportTable} as a FHIR MeasureReport (profile rehab-measure-report): status complete, type summary, the
 * period, the table's Measure; each group with its population count (initial-population) and score, each stratum
 * with its value (the stratum's code as text), count and score.
 */
public final class MeasureReportBuilder {
    public static final String MEASURE_BASE = Canonical.BASE + "/Measure/";
    public static final String PROFILE = Canonical.SD + "rehab-measure-report";
    private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

    private MeasureReportBuilder() {
    }

    public static MeasureReport build(ReportTable table, LocalDate start, LocalDate end, Date generated) {
        MeasureReport report = new MeasureReport();
        report.getMeta().addProfile(PROFILE);
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(MeasureReport.MeasureReportType.SUMMARY);
        report.setMeasure(MEASURE_BASE + table.id());
        report.setDate(generated);
        report.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start.toString()));
        report.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end.toString()));
        for (ReportTable.Group g : table.groups()) {
            MeasureReport.MeasureReportGroupComponent group = report.addGroup();
            group.setCode(new CodeableConcept().setText(g.code()));
            group.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION, "initial-population", "Initial Population")))
                    .setCount(Math.toIntExact(g.count()));
            if (g.score() != null) {
                group.setMeasureScore(quantity(g.score()));
            }
            for (ReportTable.Stratifier s : g.stratifiers()) {
                MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
                stratifier.addCode().setText(s.code());
                for (ReportTable.Stratum st : s.strata()) {
                    MeasureReport.StratifierGroupComponent stratum = stratifier.addStratum();
                    stratum.setValue(new CodeableConcept().setText(st.code()));
                    stratum.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION, "initial-population", "Initial Population")))
                            .setCount(Math.toIntExact(st.count()));
                    if (st.score() != null) {
                        stratum.setMeasureScore(quantity(st.score()));
                    }
                }
            }
        }
        return report;
    }

    private static Quantity quantity(ReportTable.Score score) {
        return new Quantity().setValue(score.value()).setUnit(score.unit()).setSystem("http://unitsofmeasure.org").setCode(score.unit());
    }
}
