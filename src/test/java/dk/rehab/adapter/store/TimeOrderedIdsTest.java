package dk.rehab.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7UuidsWhoseTextSortsInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(ResourceStore.newId());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (String id : ids) {
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
            assertThat(UUID.fromString(id).variant()).isEqualTo(2);
        }
        // Within one millisecond the order is random; across milliseconds it follows time.
        List<String> prefixes = ids.stream().map(id -> id.substring(0, 13)).toList();
        assertThat(prefixes).isSorted();
    }

    @Test
    void theMillisecondsAreTheCreationTimeAndNeverGoBackwards() {
        long now = System.currentTimeMillis();
        UUID id = TimeOrderedIds.at(now);
        assertThat(id.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(now);
        UUID earlierClock = TimeOrderedIds.at(now - 60_000);
        assertThat(earlierClock.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(now);
        assertThat(earlierClock.toString().substring(0, 13).compareTo(id.toString().substring(0, 13))).isGreaterThanOrEqualTo(0);
    }
}
