package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Waiting times (Measure waiting-times), for the plans received in the period ({@link PlanScope}): calendar days
 * from the date of receipt to the first meeting offered (the plan's offered start, set by the first session booked
 * for it; it counts even if the citizen later cancels, as the quality standard says) and to the first session held
 * (the earliest fulfilled session of the plan). Per measure: median (the group's score), mean, share within 4 and
 * within 7 days, share on or before the plan's own start deadline (7 days after receipt, or the later start the
 * plan requires), and the plans without such a date yet. Rows are streamed, one per plan; only a histogram is kept.
 */
@Component
public class WaitingTimesTable implements AnnualReportTable {
    private final ReportSql sql;

    public WaitingTimesTable(ReportSql sql) {
        this.sql = sql;
    }

    @Override
    public String id() {
        return "waiting-times";
    }

    @Override
    public String title() {
        return "Ventetider fra modtagelse af planen";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        DayHistogram offered = new DayHistogram();
        DayHistogram held = new DayHistogram();
        ZoneId zone = period.zone();
        // the first held session of every plan as SessionService keeps it (plan_first_held, V31): grouping every held
        // session by plan was most of the table's time at national scale
        sql.stream("select p.authored, p.start_deadline, p.offered_start, m.first_held from plan p left join plan_first_held m "
                + "on m.plan_id = p.res_id where " + PlanScope.RECEIVED, (RowCallbackHandler) rs -> {
                    LocalDate received = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                    LocalDate deadline = rs.getDate(2).toLocalDate();
                    Date offeredStart = rs.getDate(3);
                    OffsetDateTime firstHeld = rs.getObject(4, OffsetDateTime.class);
                    add(offered, received, deadline, offeredStart == null ? null : offeredStart.toLocalDate());
                    add(held, received, deadline, firstHeld == null ? null : firstHeld.atZoneSameInstant(zone).toLocalDate());
                }, period.from(), period.until());
        return new ReportTable(id(), List.of(
                offered.group("receipt-to-first-offered-session", "Fra modtagelse til første tilbudte træningsgang"),
                held.group("receipt-to-first-held-session", "Fra modtagelse til første gennemførte træningsgang")));
    }

    private static void add(DayHistogram histogram, LocalDate received, LocalDate deadline, LocalDate date) {
        if (date == null) {
            histogram.missing();
        } else {
            histogram.add(ChronoUnit.DAYS.between(received, date), !date.isAfter(deadline));
        }
    }
}
