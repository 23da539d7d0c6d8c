package dk.rehab.adapter.audit;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.search.SqlFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit trail's searches and reads, over the indexed columns of audit_event and audit_entity. */
@Component
public class AuditSearch {
    private final NamedParameterJdbcTemplate jdbc;
    private final AdapterProperties properties;

    public AuditSearch(NamedParameterJdbcTemplate jdbc, AdapterProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The stored JSON of AuditEvent {@code id}. */
    public Optional<String> read(String id) {
        return jdbc.query("select " + AuditRows.COLUMNS + " from audit_event e where e.id = :id", java.util.Map.of("id", id), AuditRows.JSON)
                .stream().findFirst();
    }

    public SqlFilter filter() {
        return new SqlFilter(properties.zone());
    }

    /** {@code patient}: events with the Patient among their entities. */
    public void patient(SqlFilter filter, ReferenceAndListParam param) {
        references(filter, param, "patient", true);
    }

    /** {@code entity}: events naming the resource (Type/id) among their entities. */
    public void entity(SqlFilter filter, ReferenceAndListParam param) {
        references(filter, param, "entity", false);
    }

    private void references(SqlFilter filter, ReferenceAndListParam param, String name, boolean patient) {
        if (param == null) {
            return;
        }
        for (ReferenceOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> references = new ArrayList<>();
            List<String> noted = new ArrayList<>();
            for (ReferenceParam reference : or.getValuesAsQueryTokens()) {
                if (reference.getChain() != null && !reference.getChain().isEmpty()) {
                    throw SqlFilter.invalid(name, "chained " + name + " searches are not supported; search by Type/id");
                }
                String type = reference.getResourceType();
                String id = reference.getIdPart();
                if (id == null || id.isEmpty()) {
                    throw SqlFilter.invalid(name, "the value of " + name + " is empty");
                }
                if (patient) {
                    if (type != null && !type.isEmpty() && !"Patient".equals(type)) {
                        throw SqlFilter.invalid(name, "patient takes Patient/[id] or [id]");
                    }
                    type = "Patient";
                } else if (type == null || type.isEmpty()) {
                    throw SqlFilter.invalid(name, "entity takes [type]/[id], e.g. ServiceRequest/123");
                }
                String value = type + "/" + id;
                references.add(filter.bind(value));
                if (AuditRows.indexed(value) && value.chars().noneMatch(Character::isWhitespace)) { // what a noted event can name
                    noted.add("(' ' || p.entities || ' ') like " + filter.bind("% " + likeEscaped(value) + " %") + " escape '\\'");
                }
            }
            filter.and("e.id in (select x.event_id from audit_entity x where x.reference in (" + String.join(", ", references) + ")"
                    + (noted.isEmpty() ? "" : " union all " + NOTED + "(" + String.join(" or ", noted) + ")") + ")");
        }
    }

    /**
     * The events of writes whose index rows are not filled yet ({@link AuditIndex}): found by their entities column (Type/id
     * separated by single spaces), a small tail.
     */
    private static final String NOTED = "select p.id from audit_event p where p.id in (select n.event_id from audit_pending n) and ";

    /** {@code text} as a LIKE pattern matching itself only (escape character backslash). */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** {@code agent}: the client's organisation id or client id (token; the system, when given, says which). */
    public void agent(SqlFilter filter, TokenAndListParam param) {
        filter.tokens(param, "agent", (system, value) -> {
            String org = value == null ? "e.agent_org is not null" : "e.agent_org = " + value;
            String client = value == null ? "e.agent_client is not null" : "e.agent_client = " + value;
            if (system == null) {
                return org + " or " + client;
            }
            String s = String.valueOf(filter.params().getValue(system.substring(1)));
            return s.equals(AuditJson.SID_ORGANISATION) ? org : s.equals(AuditJson.SID_CLIENT) ? client : "1 = 0";
        });
    }

    /** A token over a plain column ({@code outcome}, {@code subtype}, {@code type}); the system, when given, is not checked. */
    public void code(SqlFilter filter, TokenAndListParam param, String name, String column) {
        filter.tokens(param, name, (system, value) -> value == null ? column + " is not null" : column + " = " + value);
    }

    /** {@code date} (recorded), with the prefixes eq ne gt ge lt le sa eb at the precision given. */
    public void date(SqlFilter filter, DateAndListParam param) {
        if (param == null) {
            return;
        }
        for (DateOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (DateParam date : or.getValuesAsQueryTokens()) {
                if (date.getMissing() != null || date.getValue() == null) {
                    throw SqlFilter.invalid("date", "'" + date.getValueAsString() + "' is not a FHIR date");
                }
                OffsetDateTime[] range = range(date);
                String lo = filter.bind(range[0]);
                String hi = filter.bind(range[1]);
                ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
                alternatives.add(switch (prefix) {
                    case EQUAL, APPROXIMATE -> "(e.recorded >= " + lo + " and e.recorded < " + hi + ")";
                    case NOT_EQUAL -> "(e.recorded < " + lo + " or e.recorded >= " + hi + ")";
                    case GREATERTHAN, STARTS_AFTER -> "e.recorded >= " + hi;
                    case GREATERTHAN_OR_EQUALS -> "e.recorded >= " + lo;
                    case LESSTHAN, ENDS_BEFORE -> "e.recorded < " + lo;
                    case LESSTHAN_OR_EQUALS -> "e.recorded < " + hi;
                });
            }
            filter.and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    /** [start, end) of what the date covers: days, months and years in the adapter's zone, times to their precision. */
    private OffsetDateTime[] range(DateParam date) {
        String text = date.getValueAsString();
        try {
            if (text.length() <= 10) {
                LocalDate first = text.length() == 4 ? LocalDate.of(Integer.parseInt(text), 1, 1)
                        : text.length() == 7 ? LocalDate.parse(text + "-01") : LocalDate.parse(text);
                LocalDate after = text.length() == 4 ? first.plusYears(1) : text.length() == 7 ? first.plusMonths(1) : first.plusDays(1);
                return new OffsetDateTime[] {first.atStartOfDay(properties.zone()).toOffsetDateTime(),
                        after.atStartOfDay(properties.zone()).toOffsetDateTime()};
            }
        } catch (RuntimeException e) {
            throw SqlFilter.invalid("date", "'" + text + "' is not a FHIR date");
        }
        Instant at = date.getValue().toInstant();
        TemporalPrecisionEnum precision = new org.hl7.fhir.r4.model.DateTimeType(text).getPrecision();
        ChronoUnit unit = precision == TemporalPrecisionEnum.MINUTE ? ChronoUnit.MINUTES
                : precision == TemporalPrecisionEnum.MILLI ? ChronoUnit.MILLIS : ChronoUnit.SECONDS;
        return new OffsetDateTime[] {at.atOffset(ZoneOffset.UTC), at.plus(1, unit).atOffset(ZoneOffset.UTC)};
    }

    /** One page, newest first (or oldest first when {@code ascending}), and the total. */
    public Page page(SqlFilter filter, boolean ascending, Integer offset, Integer count) {
        int n = count == null ? properties.paging().defaultCount() : Math.min(count, properties.paging().maxCount());
        int from = offset == null ? 0 : offset;
        if (n < 0 || from < 0) {
            throw SqlFilter.invalid(n < 0 ? "_count" : "_offset", "must not be negative");
        }
        String order = ascending ? " order by e.recorded asc, e.id asc" : " order by e.recorded desc, e.id desc";
        List<String> matches = n == 0 ? List.of() : jdbc.query("select " + AuditRows.COLUMNS + " from audit_event e" + filter.where() + order
                + " limit " + n + " offset " + from, filter.params(), AuditRows.JSON);
        int total;
        if (n > 0 && from == 0 && matches.size() < n) {
            total = matches.size();
        } else {
            Integer counted = jdbc.queryForObject("select count(*) from audit_event e" + filter.where(), filter.params(), Integer.class);
            total = counted == null ? 0 : counted;
        }
        return new Page(matches, total, from, n);
    }

    public record Page(List<String> json, int total, int offset, int count) {
    }
}
