package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;

/**
 * One table as CSV (RFC 4180, UTF-8, comma-separated, a header line): a line per group (stratifier and stratum empty)
 * and per stratum. Columns: table, group, stratifier, stratum, display, count, score, unit.
 */
public final class ReportCsv {
    public static final String HEADER = "table,group,stratifier,stratum,display,count,score,unit";

    private ReportCsv() {
    }

    public static String write(ReportTable table) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (ReportTable.Group g : table.groups()) {
            line(out, table.id(), g.code(), "", "", g.display(), g.count(), g.score());
            for (ReportTable.Stratifier s : g.stratifiers()) {
                for (ReportTable.Stratum st : s.strata()) {
                    line(out, table.id(), g.code(), s.code(), st.code(), st.display(), st.count(), st.score());
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String table, String group, String stratifier, String stratum, String display, long count,
                             ReportTable.Score score) {
        out.append(field(table)).append(',').append(field(group)).append(',').append(field(stratifier)).append(',').append(field(stratum))
                .append(',').append(field(display)).append(',').append(count).append(',')
                .append(score == null ? "" : score.value().toPlainString()).append(',').append(score == null ? "" : field(score.unit())).append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
