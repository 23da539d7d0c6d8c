package dk.rehab.adapter.reminder;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outcome of the sessions that start in a period (Danish dates, both included), counted per session type, per team
 * and in total: held (fulfilled), no-show, cancelled by the citizen (citizen-ill, citizen-other), cancelled by the
 * centre, cancelled for another reason, and still booked; and the rates of no-show and of each kind of cancellation
 * among the sessions with an outcome (all but the booked ones). Counts of sessions, never of citizens: nothing about
 * a single citizen is returned.
 */
@Component
public class SessionStatistics {
    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final AdapterProperties properties;

    public SessionStatistics(JdbcTemplate jdbc, ResourceStore store, AdapterProperties properties) {
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
    }

    /** Counts of one group. */
    static final class Counts {
        int held;
        int noShow;
        int cancelledByCitizen;
        int cancelledByCentre;
        int cancelledOther;
        int booked;

        void add(String status, String reason, int n) {
            switch (status) {
                case "fulfilled" -> held += n;
                case "noshow" -> noShow += n;
                case "booked" -> booked += n;
                case "cancelled" -> {
                    if ("citizen-ill".equals(reason) || "citizen-other".equals(reason)) {
                        cancelledByCitizen += n;
                    } else if ("centre".equals(reason)) {
                        cancelledByCentre += n;
                    } else {
                        cancelledOther += n;
                    }
                }
                default -> { }
            }
        }

        int withOutcome() {
            return held + noShow + cancelledByCitizen + cancelledByCentre + cancelledOther;
        }
    }

    public Parameters compute(LocalDate start, LocalDate end) {
        Counts total = new Counts();
        Map<String, Counts> byType = new TreeMap<>();
        Map<String, Counts> byTeam = new LinkedHashMap<>();
        List<Map<String, Object>> rows = jdbc.queryForList("select session_type, team_id, status, cancel_reason, count(*) as n from session "
                        + "where start_at >= ? and start_at < ? group by session_type, team_id, status, cancel_reason order by team_id",
                start.atStartOfDay(properties.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay(properties.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
        for (Map<String, Object> row : rows) {
            String status = (String) row.get("status");
            String reason = (String) row.get("cancel_reason");
            int n = ((Number) row.get("n")).intValue();
            total.add(status, reason, n);
            byType.computeIfAbsent((String) row.get("session_type"), k -> new Counts()).add(status, reason, n);
            String team = (String) row.get("team_id");
            if (team != null) {
                byTeam.computeIfAbsent(team, k -> new Counts()).add(status, reason, n);
            }
        }
        Parameters answer = new Parameters();
        answer.addParameter().setName("start").setValue(new DateType(start.toString()));
        answer.addParameter().setName("end").setValue(new DateType(end.toString()));
        parts(answer.addParameter().setName("total"), total);
        byType.forEach((type, counts) -> parts(answer.addParameter().setName("by-type")
                .addPart(new Parameters.ParametersParameterComponent().setName("type").setValue(new Coding(Canonical.CS_SESSION_TYPES, type, null))), counts));
        byTeam.forEach((team, counts) -> parts(answer.addParameter().setName("by-team")
                .addPart(new Parameters.ParametersParameterComponent().setName("team").setValue(team(team))), counts));
        return answer;
    }

    private Reference team(String id) {
        Reference ref = new Reference("HealthcareService/" + id);
        store.current("HealthcareService", id).map(s -> store.parse(s, HealthcareService.class))
                .filter(HealthcareService::hasName).ifPresent(t -> ref.setDisplay(t.getName()));
        return ref;
    }

    private static void parts(Parameters.ParametersParameterComponent group, Counts c) {
        count(group, "held", c.held);
        count(group, "no-show", c.noShow);
        count(group, "cancelled-by-citizen", c.cancelledByCitizen);
        count(group, "cancelled-by-centre", c.cancelledByCentre);
        count(group, "cancelled-other", c.cancelledOther);
        count(group, "booked", c.booked);
        count(group, "with-outcome", c.withOutcome());
        if (c.withOutcome() > 0) {
            rate(group, "no-show-rate", c.noShow, c.withOutcome());
            rate(group, "citizen-cancellation-rate", c.cancelledByCitizen, c.withOutcome());
            rate(group, "centre-cancellation-rate", c.cancelledByCentre, c.withOutcome());
        }
    }

    private static void count(Parameters.ParametersParameterComponent group, String name, int n) {
        group.addPart().setName(name).setValue(new IntegerType(n));
    }

    private static void rate(Parameters.ParametersParameterComponent group, String name, int n, int of) {
        group.addPart().setName(name).setValue(new DecimalType(BigDecimal.valueOf(n).divide(BigDecimal.valueOf(of), 4, RoundingMode.HALF_UP)));
    }
}
