package dk.rehab.adapter.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Conditional create ({@code If-None-Exist}, or {@code Bundle.entry.request.ifNoneExist}) on the one criterion
 * the adapter supports: {@code identifier=[system]|[value]}. One match: the existing resource is the answer
 * (200); none: create; several: 412.
 */
@Component
public class ConditionalCreate {
    private final JdbcTemplate jdbc;

    public ConditionalCreate(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of the existing match, or empty when the resource is to be created. */
    public Optional<String> match(String type, String criteria, String expression) {
        if (criteria == null || criteria.isBlank()) {
            return Optional.empty();
        }
        String query = criteria.contains("?") ? criteria.substring(criteria.indexOf('?') + 1) : criteria;
        if (!query.startsWith("identifier=") || query.contains("&")) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST,
                    "conditional create supports only identifier=[system]|[value]", expression);
        }
        String token = URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST,
                    "conditional create needs both system and value: identifier=[system]|[value]", expression);
        }
        String system = token.substring(0, bar);
        String value = token.substring(bar + 1);
        if (system.equals(Canonical.SYSTEM_GLN_HTTPS)) {
            system = Canonical.SYSTEM_GLN;
        }
        // A plan revoked by a hospital's correction or retraction no longer holds its identifier (plan.key_scope is
        // set): its replacement carries the same identifier and is the one a re-send means.
        List<String> ids = "ServiceRequest".equals(type)
                ? jdbc.queryForList("select distinct i.res_id from resource_identifier i join plan p on p.res_id = i.res_id and p.key_scope = '' "
                        + "where i.res_type = ? and i.id_system = ? and i.id_value = ?", String.class, type, system, value)
                : jdbc.queryForList("select distinct res_id from resource_identifier where res_type = ? and id_system = ? and id_value = ?",
                        String.class, type, system, value);
        if (ids.size() > 1) {
            throw new AdapterException(ErrorCode.PRECONDITION_FAILED,
                    "the If-None-Exist criteria match " + ids.size() + " resources", expression);
        }
        return ids.stream().findFirst();
    }
}
