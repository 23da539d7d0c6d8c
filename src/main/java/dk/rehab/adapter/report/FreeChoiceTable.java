package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ReportTable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Free choice of provider (Measure free-choice; Sundhedsloven § 140 stk. 4, quality standard seed 004): for the plans
 * received in the period ({@link PlanScope}), those entitled to a free-choice offer (the municipality's plan, the first
 * meeting offered after the plan's free-choice date, or none offered and the date passed), those with the offer recorded
 * (request-statusReason Frit valg or Frit valg afslået, or a transfer for free choice) and what the citizen chose: a private
 * provider, another municipality, or to wait (declined), with the extra days waited (first meeting offered − free-choice
 * date). And the transfers made in the period (their creation), by receiver and reason. Every count is a grouped query.
 */
@Component
public class FreeChoiceTable implements AnnualReportTable {
    static final Map<String, String> CHOICES = PlansReceivedTable.ordered("private-provider", "Privat leverandør",
            "other-municipality", "Anden kommune", "declined", "Afslået: venter på kommunens tilbud",
            "chosen-not-transferred", "Frit valg, endnu ikke overdraget");
    static final Map<String, String> OFFER = PlansReceivedTable.ordered("offer-recorded", "Tilbud registreret",
            "no-offer-recorded", "Intet tilbud registreret");
    static final Map<String, String> RECEIVERS = PlansReceivedTable.ordered("private-provider", "Privat leverandør",
            "other-municipality", "Anden kommune");
    static final Map<String, String> REASONS = PlansReceivedTable.ordered("free-choice", "Frit valg", "citizen-moved", "Borgeren er flyttet");

    /** The plan has a recorded free-choice offer ({@code p} the plan, {@code t} its transfer, left-joined). */
    private static final String OFFER_RECORDED = "(p.status_reason in ('" + Canonical.STATUS_REASON_FRIT_VALG + "', '"
            + Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET + "') or t.reason = 'free-choice')";

    private final ReportSql sql;
    private final Clock clock;

    public FreeChoiceTable(ReportSql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "free-choice";
    }

    @Override
    public String title() {
        return "Frit valg af leverandør";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        Object[] bounds = {period.from(), period.until()};
        String plans = " from plan p left join transfer t on t.plan_id = p.res_id where " + PlanScope.RECEIVED;
        LocalDate today = LocalDate.now(clock.withZone(period.zone()));
        Map<String, Long> entitled = sql.countBy("select k, count(*) from (select case when " + OFFER_RECORDED
                + " then 'offer-recorded' else 'no-offer-recorded' end k" + plans + " and p.municipal = true and p.free_choice_date is not null"
                + " and (t.reason is null or t.reason <> 'citizen-moved') and (" + OFFER_RECORDED + " or p.offered_start > p.free_choice_date"
                + " or (p.offered_start is null and p.free_choice_date < ?))) x group by k", "none", period.from(), period.until(), today);
        long entitledTotal = entitled.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> choices = sql.countBy("select k, count(*) from (select case when t.reason = 'free-choice' and t.receiver_kind = 'provider'"
                + " then 'private-provider' when t.reason = 'free-choice' then 'other-municipality' when p.status_reason = '"
                + Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET + "' then 'declined' else 'chosen-not-transferred' end k" + plans + " and "
                + OFFER_RECORDED + ") x group by k", "none", bounds);
        long offers = choices.values().stream().mapToLong(Long::longValue).sum();
        DayHistogram waited = new DayHistogram();
        sql.stream("select p.offered_start, p.free_choice_date, count(*)" + plans + " and p.status_reason = '" + Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET
                + "' and t.reason is null and p.offered_start is not null and p.free_choice_date is not null group by p.offered_start, p.free_choice_date",
                (RowCallbackHandler) rs -> {
                    long days = ChronoUnit.DAYS.between(rs.getDate(2).toLocalDate(), rs.getDate(1).toLocalDate());
                    for (long i = rs.getLong(3); i > 0; i--) {
                        waited.add(days, false);
                    }
                }, bounds);
        Map<String, Long> receivers = sql.countBy("select case when receiver_kind = 'provider' then 'private-provider' else 'other-municipality' end, "
                + "count(*) from transfer where created >= ? and created < ? group by receiver_kind", "none", bounds);
        Map<String, Long> reasons = sql.countBy("select reason, count(*) from transfer where created >= ? and created < ? group by reason", "none", bounds);
        long transfers = reasons.values().stream().mapToLong(Long::longValue).sum();
        List<ReportTable.Group> groups = new ArrayList<>();
        groups.add(new ReportTable.Group("entitled", "Ret til tilbud om frit valg", entitledTotal, null,
                List.of(new ReportTable.Stratifier("offer", ReportSql.withShares(ReportSql.strata(entitled, OFFER), entitledTotal)))));
        groups.add(new ReportTable.Group("offers", "Tilbud om frit valg", offers, null,
                List.of(new ReportTable.Stratifier("choice", ReportSql.withShares(ReportSql.strata(choices, CHOICES), offers)))));
        ReportTable.Score mean = waited.mean() == null ? null : new ReportTable.Score(waited.mean(), "d");
        ReportTable.Score median = waited.median() == null ? null : new ReportTable.Score(waited.median(), "d");
        long n = waited.count();
        groups.add(new ReportTable.Group("declined-extra-days", "Afslået frit valg: ekstra ventedage", n, mean,
                List.of(new ReportTable.Stratifier("statistic", List.of(new ReportTable.Stratum("mean", "Gennemsnit (dage)", n, mean),
                        new ReportTable.Stratum("median", "Median (dage)", n, median))))));
        groups.add(new ReportTable.Group("transfers", "Overdragelser i perioden", transfers, null, List.of(
                new ReportTable.Stratifier("receiver", ReportSql.withShares(ReportSql.strata(receivers, RECEIVERS), transfers)),
                new ReportTable.Stratifier("reason", ReportSql.withShares(ReportSql.strata(reasons, REASONS), transfers)))));
        return new ReportTable(id(), groups);
    }
}
