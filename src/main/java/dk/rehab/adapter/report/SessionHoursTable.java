package dk.rehab.adapter.report;

import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.ReportTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Session hours (Measure session-hours), the seeds' "leveret tid" and "aflysninger og udeblivelser" in hours: every
 * session (one citizen's appointment: a team session once per citizen) whose start lies in the period, per session
 * type and for all types, its duration (Appointment end − start) summed by outcome as in {@link SessionsTable}. Shares:
 * held hours of the hours with an outcome, and the seed's cancellation rate — hours cancelled by the citizen or not
 * attended ÷ (those + held hours). And the team sessions held (one per team, start and end, with at least one citizen
 * attending: the therapists' time on the team, however many attend), per team. Sums are SQL aggregates.
 */
@Component
public class SessionHoursTable implements AnnualReportTable {
    /**
     * The seconds of the sessions (s) summed, in SQL that H2 and PostgreSQL both evaluate: the durations summed as
     * intervals and converted once (converting each session's two timestamps to numeric epochs and subtracting them cost
     * twice the time of the whole aggregate at national scale). Null when there are no rows.
     */
    static final String SUM_SECONDS = "extract(epoch from sum(s.end_at - s.start_at))";
    private static final BigDecimal HOUR = BigDecimal.valueOf(3600);

    private final ReportSql sql;
    private final Names names;
    private final SessionOutcomes outcomes;

    public SessionHoursTable(ReportSql sql, Names names, SessionOutcomes outcomes) {
        this.sql = sql;
        this.names = names;
        this.outcomes = outcomes;
    }

    @Override
    public String id() {
        return "session-hours";
    }

    @Override
    public String title() {
        return "Timer: leveret, aflyst og udeblevet";
    }

    private record Sum(long sessions, BigDecimal seconds) {
        Sum plus(Sum other) {
            return new Sum(sessions + other.sessions, seconds.add(other.seconds));
        }
    }

    private static final Sum ZERO = new Sum(0, BigDecimal.ZERO);

    @Override
    public ReportTable compute(ReportPeriod period) {
        Map<String, Map<String, Sum>> byType = new HashMap<>();
        for (SessionOutcomes.Row row : outcomes.of(period)) {
            byType.computeIfAbsent(row.type(), t -> new HashMap<>()).merge(SessionsTable.outcome(row.status(), row.reason()),
                    new Sum(row.sessions(), row.seconds()), Sum::plus);
        }
        Map<String, String> types = new LinkedHashMap<>(CourseCodes.SESSION_TYPES);
        byType.keySet().forEach(t -> types.putIfAbsent(t, t));
        List<ReportTable.Group> groups = new ArrayList<>();
        Map<String, Sum> all = new HashMap<>();
        types.forEach((type, display) -> {
            Map<String, Sum> sums = byType.getOrDefault(type, Map.of());
            sums.forEach((outcome, sum) -> all.merge(outcome, sum, Sum::plus));
            groups.add(group(type, display, sums));
        });
        groups.add(group("all", "Alle typer", all));
        groups.add(teamSessions(period));
        return new ReportTable(id(), groups);
    }

    private static ReportTable.Group group(String code, String display, Map<String, Sum> sums) {
        List<ReportTable.Stratum> outcomes = new ArrayList<>();
        SessionsTable.OUTCOMES.forEach((outcome, name) -> {
            Sum s = sums.getOrDefault(outcome, ZERO);
            outcomes.add(new ReportTable.Stratum(outcome, name, s.sessions(), hours(s.seconds())));
        });
        Sum total = sums.values().stream().reduce(ZERO, Sum::plus);
        Sum held = sums.getOrDefault("held", ZERO);
        Sum byCitizen = sums.getOrDefault("cancelled-by-citizen", ZERO).plus(sums.getOrDefault("noshow", ZERO));
        Sum withOutcome = total.plus(new Sum(-sums.getOrDefault("booked", ZERO).sessions(), sums.getOrDefault("booked", ZERO).seconds().negate()));
        List<ReportTable.Stratum> shares = List.of(
                new ReportTable.Stratum("held-of-hours-with-outcome", "Leverede timer af timer med udfald", held.sessions(),
                        share(held.seconds(), withOutcome.seconds())),
                new ReportTable.Stratum("cancelled-or-noshow-by-citizen", "Aflyst af borgeren eller udeblevet ÷ (disse + leverede)",
                        byCitizen.sessions(), share(byCitizen.seconds(), byCitizen.seconds().add(held.seconds()))));
        return new ReportTable.Group(code, display, total.sessions(), hours(held.seconds()), List.of(
                new ReportTable.Stratifier("outcome", outcomes), new ReportTable.Stratifier("share", shares)));
    }

    private ReportTable.Group teamSessions(ReportPeriod period) {
        Map<String, Sum> teams = new LinkedHashMap<>();
        sql.stream("select s.team_id, count(*), " + SUM_SECONDS + " from (select distinct team_id, start_at, end_at from session "
                + "where team_id is not null and status = 'fulfilled' and start_at >= ? and start_at < ?) s group by s.team_id order by s.team_id",
                (RowCallbackHandler) rs -> teams.put(rs.getString(1), new Sum(rs.getLong(2), rs.getBigDecimal(3))), period.from(), period.until());
        List<ReportTable.Stratum> strata = new ArrayList<>();
        Map<String, String> teamNames = names.teams(teams.keySet());
        teams.forEach((team, s) -> strata.add(new ReportTable.Stratum(team, teamNames.get(team), s.sessions(), hours(s.seconds()))));
        Sum total = teams.values().stream().reduce(ZERO, Sum::plus);
        return new ReportTable.Group("team-sessions", "Holdtræninger afholdt (timer pr. hold)", total.sessions(), hours(total.seconds()),
                List.of(new ReportTable.Stratifier("team", strata)));
    }

    static ReportTable.Score hours(BigDecimal seconds) {
        return new ReportTable.Score(seconds.divide(HOUR, 1, RoundingMode.HALF_UP), "h");
    }

    private static ReportTable.Score share(BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return null;
        }
        return new ReportTable.Score(part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP), "%");
    }
}
