package dk.rehab.adapter.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Birth dates into age groups on the period's last day (2024-12-31), as the SQL CASE of before put them. */
class AgeGroupsTableTest {
    // the last day minus 18, 30, 40, 50, 60, 70, 80, 90 years
    private static final List<String> BOUNDS = List.of("20061231", "19941231", "19841231", "19741231", "19641231", "19541231",
            "19441231", "19341231");

    @Test
    void aBirthDateAfterABoundIsInTheYoungerGroupAndOnItInTheOlder() {
        Map<String, Long> byBirth = new LinkedHashMap<>();
        byBirth.put("20070101", 1L); // 17 on the last day
        byBirth.put("20061231", 2L); // 18 that day
        byBirth.put("19941231", 4L); // 30 that day
        byBirth.put("19341231", 8L); // 90
        byBirth.put("19000101", 16L);
        Map<String, Long> groups = AgeGroupsTable.byAgeGroup(byBirth, BOUNDS);
        assertThat(groups).containsEntry("0-17", 1L).containsEntry("18-29", 2L).containsEntry("30-39", 4L).containsEntry("90+", 24L);
        assertThat(groups.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(31L);
    }
}
