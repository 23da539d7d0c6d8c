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
 * Waiting time to the first contact (Measure first-contact), for the hospital plans received in the period
 * ({@link PlanScope}; a plan with a discharge date): calendar days from the date of receipt, and from the date of
 * discharge (the quality standard's rule: contact by phone or e-Boks within 4 calendar days after discharge), to the
 * first contact with the citizen about the plan — the earliest {@code sent} of a Communication of category
 * {@code contact} (recorded by the centre) or {@code contact-letter} (sent to digital post) based on the plan. Per
 * measure: median (the group's score), mean, share within 4 and within 7 days, share on or before the plan's contact
 * deadline, and the plans not contacted yet. One row per plan is streamed (the first contact is a grouped subquery);
 * only two histograms are kept.
 */
@Component
public class FirstContactTable implements AnnualReportTable {
    private final ReportSql sql;

    public FirstContactTable(ReportSql sql) {
        this.sql = sql;
    }

    @Override
    public String id() {
        return "first-contact";
    }

    @Override
    public String title() {
        return "Ventetid til første kontakt med borgeren";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        DayHistogram fromReceipt = new DayHistogram();
        DayHistogram fromDischarge = new DayHistogram();
        ZoneId zone = period.zone();
        sql.stream("select p.authored, p.discharge_date, p.contact_deadline, "
                + "(select min(m.sent) from communication m where m.plan_id = p.res_id and m.category in ('contact', 'contact-letter')) "
                + "from plan p where " + PlanScope.RECEIVED + " and p.discharge_date is not null", (RowCallbackHandler) rs -> {
                    LocalDate received = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toLocalDate();
                    LocalDate discharge = rs.getDate(2).toLocalDate();
                    Date deadline = rs.getDate(3);
                    OffsetDateTime sent = rs.getObject(4, OffsetDateTime.class);
                    if (sent == null) {
                        fromReceipt.missing();
                        fromDischarge.missing();
                        return;
                    }
                    LocalDate contacted = sent.atZoneSameInstant(zone).toLocalDate();
                    boolean inTime = deadline != null && !contacted.isAfter(deadline.toLocalDate());
                    fromReceipt.add(ChronoUnit.DAYS.between(received, contacted), inTime);
                    fromDischarge.add(ChronoUnit.DAYS.between(discharge, contacted), inTime);
                }, period.from(), period.until());
        return new ReportTable(id(), List.of(
                fromReceipt.group("receipt-to-first-contact", "Fra modtagelse til første kontakt", "within-contact-deadline",
                        "Inden for planens kontaktfrist"),
                fromDischarge.group("discharge-to-first-contact", "Fra udskrivelse til første kontakt", "within-contact-deadline",
                        "Inden for planens kontaktfrist")));
    }
}
