package dk.rehab.adapter.report;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counting by calendar month in the municipality's zone, in SQL: a CASE over the bounds of the period's months
 * ({@code when column < <start of next month> then 'YYYY-MM'}), bound as parameters, so one grouped query counts every
 * month and the zone (summer time included) is applied exactly.
 */
final class MonthBuckets {
    private MonthBuckets() {
    }

    /** The CASE expression over {@code column}; its parameters are {@link #bounds}. */
    static String caseOf(String column, ReportPeriod period) {
        StringBuilder bucket = new StringBuilder("case");
        for (YearMonth m : period.months()) {
            bucket.append(" when ").append(column).append(" < ? then '").append(m).append('\'');
        }
        return bucket.append(" end").toString();
    }

    static Object[] bounds(ReportPeriod period) {
        List<YearMonth> months = period.months();
        Object[] args = new Object[months.size()];
        for (int i = 0; i < months.size(); i++) {
            args[i] = i + 1 < months.size() ? period.startOf(months.get(i + 1)) : period.until();
        }
        return args;
    }

    /** The months' codes (YYYY-MM), each its own display. */
    static Map<String, String> codes(ReportPeriod period) {
        Map<String, String> codes = new LinkedHashMap<>();
        period.months().forEach(m -> codes.put(m.toString(), m.toString()));
        return codes;
    }

    /** {@code first}'s parameters followed by {@code then}'s. */
    static Object[] concat(Object[] first, Object... then) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }
}
