package dk.rehab.adapter.report;

import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.ReportTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sessions (Measure sessions): every session (one citizen's appointment; a team session counts once per citizen)
 * whose start lies in the period, per session type, by outcome: held (fulfilled), cancelled by the citizen
 * (cancellation reason citizen-ill or citizen-other), cancelled by the centre (reason centre), cancelled without a
 * coded reason, no-show, and still booked (no outcome recorded yet). The rate of an outcome is its count divided by
 * the sessions of the type that have an outcome (all but the booked ones).
 */
@Component
public class SessionsTable implements AnnualReportTable {
    static final Map<String, String> OUTCOMES = PlansReceivedTable.ordered(
            "held", "Gennemført", "cancelled-by-citizen", "Aflyst af borgeren", "cancelled-by-centre", "Aflyst af træningscenteret",
            "cancelled-unspecified", "Aflyst uden angivet årsag", "noshow", "Udeblevet", "booked", "Booket, intet udfald endnu");

    private final SessionOutcomes outcomes;

    public SessionsTable(SessionOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public String id() {
        return "sessions";
    }

    @Override
    public String title() {
        return "Træningsgange: gennemført, aflyst og udeblevet";
    }

    @Override
    public ReportTable compute(ReportPeriod period) {
        Map<String, Map<String, Long>> byType = new HashMap<>();
        for (SessionOutcomes.Row row : outcomes.of(period)) {
            byType.computeIfAbsent(row.type(), t -> new HashMap<>()).merge(outcome(row.status(), row.reason()), row.sessions(), Long::sum);
        }
        List<ReportTable.Group> groups = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>(CourseCodes.SESSION_TYPES);
        byType.keySet().forEach(t -> types.putIfAbsent(t, t));
        types.forEach((type, display) -> {
            Map<String, Long> counts = byType.getOrDefault(type, Map.of());
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long withOutcome = total - counts.getOrDefault("booked", 0L);
            List<ReportTable.Stratum> strata = new ArrayList<>();
            for (ReportTable.Stratum s : ReportSql.strata(counts, OUTCOMES)) {
                strata.add(new ReportTable.Stratum(s.code(), s.display(), s.count(), s.code().equals("booked") ? null : ReportSql.percent(s.count(), withOutcome)));
            }
            groups.add(new ReportTable.Group(type, display, total, null, List.of(new ReportTable.Stratifier("outcome", strata))));
        });
        return new ReportTable(id(), groups);
    }

    static String outcome(String status, String reason) {
        return switch (status) {
            case "fulfilled" -> "held";
            case "noshow" -> "noshow";
            case "cancelled" -> reason == null ? "cancelled-unspecified"
                    : reason.startsWith("citizen-") ? "cancelled-by-citizen" : reason.equals("centre") ? "cancelled-by-centre" : "cancelled-unspecified";
            default -> "booked";
        };
    }
}
