package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The WHERE clause of a search, built from HAPI's parsed parameters with bind variables only. Implements the
 * FHIR search semantics the adapter offers: tokens ({@code system|code}, {@code |code}, {@code code},
 * {@code system|}), OR within a parameter (commas) and AND across repeats, and date prefixes
 * (eq ne gt ge lt le sa eb ap) at the precision the client wrote, with {@code :missing}.
 */
public final class SqlFilter {
    private final List<String> clauses = new ArrayList<>();
    private final MapSqlParameterSource params = new MapSqlParameterSource();
    private final ZoneId zone;
    private int next;

    public SqlFilter(ZoneId zone) {
        this.zone = zone;
    }

    public String bind(Object value) {
        String name = "p" + next++;
        params.addValue(name, value);
        return ":" + name;
    }

    public void and(String clause) {
        clauses.add(clause);
    }

    public String where() {
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    public MapSqlParameterSource params() {
        return params;
    }

    /**
     * Adds a token condition; {@code clause} turns (system bind or null, value bind or null) into SQL for one
     * token, e.g. an EXISTS over an index table.
     */
    public void tokens(TokenAndListParam param, String name, TokenClause clause) {
        if (param == null) {
            return;
        }
        for (TokenOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (TokenParam token : or.getValuesAsQueryTokens()) {
                if (token.getMissing() != null) {
                    throw invalid(name, ":missing is not supported on " + name);
                }
                String system = token.getSystem();
                String value = token.getValue();
                if ((value == null || value.isEmpty()) && (system == null || system.isEmpty())) {
                    throw invalid(name, "the value of " + name + " is empty");
                }
                alternatives.add("(" + clause.sql(system == null || system.isEmpty() ? null : bind(system),
                        value == null || value.isEmpty() ? null : bind(value)) + ")");
            }
            and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    /** One token as SQL: {@code systemBind} and {@code valueBind} are null when the client left them open. */
    @FunctionalInterface
    public interface TokenClause {
        String sql(String systemBind, String valueBind);
    }

    /** Adds date conditions on a DATE column. */
    public void dates(DateAndListParam param, String name, String column) {
        dateRanges(param, name, column, date -> date);
    }

    /** Adds date conditions on a TIMESTAMP WITH TIME ZONE column; dates without time are days in the adapter's zone. */
    public void instants(DateAndListParam param, String name, String column) {
        dateRanges(param, name, column, date -> date.atStartOfDay(zone).toOffsetDateTime());
    }

    private void dateRanges(DateAndListParam param, String name, String column, Function<LocalDate, Object> toColumn) {
        if (param == null) {
            return;
        }
        for (DateOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (DateParam date : or.getValuesAsQueryTokens()) {
                if (date.getMissing() != null) {
                    alternatives.add(column + (date.getMissing() ? " is null" : " is not null"));
                    continue;
                }
                if (date.getValue() == null) {
                    throw invalid(name, "'" + date.getValueAsString() + "' is not a FHIR date");
                }
                LocalDate[] range = range(date, name);
                String lo = bind(toColumn.apply(range[0]));
                String hi = bind(toColumn.apply(range[1]));
                ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
                alternatives.add(switch (prefix) {
                    case EQUAL, APPROXIMATE -> "(" + column + " >= " + lo + " and " + column + " < " + hi + ")";
                    case NOT_EQUAL -> "(" + column + " < " + lo + " or " + column + " >= " + hi + ")";
                    case GREATERTHAN, STARTS_AFTER -> column + " >= " + hi;
                    case GREATERTHAN_OR_EQUALS -> column + " >= " + lo;
                    case LESSTHAN, ENDS_BEFORE -> column + " < " + lo;
                    case LESSTHAN_OR_EQUALS -> column + " < " + hi;
                });
            }
            and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    /** [first day, day after the last day] that the date covers at the precision it was written with. */
    private LocalDate[] range(DateParam date, String name) {
        String text = date.getValueAsString();
        try {
            if (text.length() == 4) {
                LocalDate year = LocalDate.of(Integer.parseInt(text), 1, 1);
                return new LocalDate[] {year, year.plusYears(1)};
            }
            if (text.length() == 7) {
                LocalDate month = LocalDate.parse(text + "-01");
                return new LocalDate[] {month, month.plusMonths(1)};
            }
            LocalDate day = text.length() == 10 ? LocalDate.parse(text)
                    : date.getValue().toInstant().atZone(zone).toLocalDate();
            return new LocalDate[] {day, day.plus(1, ChronoUnit.DAYS)};
        } catch (RuntimeException e) {
            throw invalid(name, "'" + text + "' is not a FHIR date");
        }
    }

    public static AdapterException invalid(String name, String message) {
        return new AdapterException(ErrorCode.INVALID_SEARCH_PARAMETER, message, name);
    }
}
