package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waiting times in whole calendar days, kept as a histogram (days → plans), so the median and mean are exact without
 * holding one value per plan. {@code missing} counts plans that have no such date yet; {@code withinDeadline} those
 * whose date is on or before the plan's own start deadline.
 */
final class DayHistogram {
    private final TreeMap<Long, Long> days = new TreeMap<>();
    private long missing;
    private long withinDeadline;
    private long n;
    private long sum;

    void add(long value, boolean meetsDeadline) {
        days.merge(value, 1L, Long::sum);
        n++;
        sum += value;
        if (meetsDeadline) {
            withinDeadline++;
        }
    }

    void missing() {
        missing++;
    }

    /** The values added (not the missing ones). */
    long count() {
        return n;
    }

    long within(long limit) {
        return days.headMap(limit, true).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The median: the middle value, or the mean of the two middle values for an even count; null for none. */
    BigDecimal median() {
        if (n == 0) {
            return null;
        }
        long lower = value((n - 1) / 2);
        long upper = value(n / 2);
        return BigDecimal.valueOf(lower + upper).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_UP);
    }

    BigDecimal mean() {
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
    }

    /** The value at 0-based rank {@code rank} in ascending order. */
    private long value(long rank) {
        long seen = 0;
        for (Map.Entry<Long, Long> e : days.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("rank beyond count");
    }

    ReportTable.Group group(String code, String display) {
        return group(code, display, "within-start-deadline", "Inden for planens startfrist");
    }

    /** The group, its deadline stratum named {@code deadlineCode} / {@code deadlineDisplay}. */
    ReportTable.Group group(String code, String display, String deadlineCode, String deadlineDisplay) {
        List<ReportTable.Stratum> strata = new ArrayList<>();
        strata.add(new ReportTable.Stratum("with-date", "Med dato", n, null));
        strata.add(new ReportTable.Stratum("without-date", "Uden dato endnu", missing, null));
        strata.add(new ReportTable.Stratum("median", "Median (dage)", n, score(median())));
        strata.add(new ReportTable.Stratum("mean", "Gennemsnit (dage)", n, score(mean())));
        strata.add(new ReportTable.Stratum("within-4-days", "Inden for 4 dage", within(4), ReportSql.percent(within(4), n)));
        strata.add(new ReportTable.Stratum("within-7-days", "Inden for 7 dage", within(7), ReportSql.percent(within(7), n)));
        strata.add(new ReportTable.Stratum(deadlineCode, deadlineDisplay, withinDeadline,
                ReportSql.percent(withinDeadline, n)));
        return new ReportTable.Group(code, display, n + missing, score(median()), List.of(new ReportTable.Stratifier("statistic", strata)));
    }

    private static ReportTable.Score score(BigDecimal days) {
        return days == null ? null : new ReportTable.Score(days, "d");
    }
}
