package dk.rehab.adapter.store;

import java.util.Collection;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Ids bound as one SQL array parameter, for {@code column = any(:ids)} instead of {@code column in (:ids)}: the statement
 * is the same whatever the number of ids, so PostgreSQL parses and plans it once per connection (a list of n
 * placeholders is a new statement for every n; bench/RESULTS.md, 4 December 2026). H2 takes the same syntax.
 */
public final class IdArray {
    private IdArray() {
    }

    public static SqlArrayValue of(Collection<String> ids) {
        return new SqlArrayValue("varchar", ids.toArray());
    }
}
