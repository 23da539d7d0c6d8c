package dk.rehab.adapter.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Searching plans. Every test works on plans of its own hospital (a fresh SOR id), so the database the tests
 * share does not disturb the counts.
 */
abstract class PlanSearchTests extends IntegrationTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private String sor;
    private final List<String> cprs = new ArrayList<>();
    private final List<ServiceRequest> plans = new ArrayList<>();

    @BeforeEach
    void fivePlansFromOneHospital() {
        sor = Plans.uniqueSor();
        cprs.clear();
        plans.clear();
        LocalDate today = LocalDate.now(ZONE);
        for (int i = 0; i < 5; i++) {
            String cpr = Plans.newCpr();
            Bundle tx = Plans.transaction(cpr, Plans.hospital(sor, null), today.minusDays(10 - i));
            if (i == 4) {
                ServiceRequest plan = Plans.planOf(tx);
                plan.getCategory().clear();
                plan.addCategory(Plans.planType(Canonical.PLAN_TYPE_SPECIALISERET));
            }
            Bundle answer = http.json("", tx, "Prefer", "return=representation").resource(Bundle.class);
            assertThat(answer.getEntry()).hasSize(4);
            cprs.add(cpr);
            plans.add((ServiceRequest) answer.getEntry().get(3).getResource());
        }
    }

    private Bundle search(String query) {
        Http.Response response = http.get("ServiceRequest?requester.identifier=" + Canonical.SYSTEM_SOR + "|" + sor + "&" + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == SearchEntryMode.MATCH)
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private String id(int i) {
        return plans.get(i).getIdElement().getIdPart();
    }

    @Test
    void byCprInEveryForm() {
        String cpr = cprs.get(2);
        assertThat(ids(search("subject:Patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr))).containsExactly(id(2));
        assertThat(ids(search("patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr))).containsExactly(id(2));
        assertThat(ids(search("patient.identifier=" + cpr))).containsExactly(id(2));
        String patient = plans.get(2).getSubject().getReference();
        assertThat(ids(search("patient=" + patient))).containsExactly(id(2));
        assertThat(ids(search("subject=" + patient.substring("Patient/".length())))).containsExactly(id(2));
    }

    @Test
    void byCprWithPostSearchKeepsTheNumberOutOfTheUrl() {
        Http.Response response = http.post("ServiceRequest/_search", "application/x-www-form-urlencoded",
                "patient.identifier=" + Canonical.SYSTEM_CPR + "%7C" + cprs.get(1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(ids(response.resource(Bundle.class))).containsExactly(id(1));
    }

    @Test
    void byIdentifierStatusCategoryAndRequester() {
        ServiceRequest plan = plans.get(3);
        assertThat(ids(search("identifier=" + plan.getIdentifierFirstRep().getSystem() + "|" + plan.getIdentifierFirstRep().getValue())))
                .containsExactly(id(3));
        assertThat(search("status=active").getTotal()).isEqualTo(5);
        assertThat(search("status=revoked,completed").getTotal()).isZero();
        assertThat(ids(search("category=" + Canonical.CS_CARE_SOCIAL + "|" + Canonical.PLAN_TYPE_SPECIALISERET))).containsExactly(id(4));
        assertThat(search("category=" + Canonical.PLAN_TYPE_ALMEN).getTotal()).isEqualTo(4);
        assertThat(search("requester=" + plan.getRequester().getReference()).getTotal()).isEqualTo(5);
        assertThat(ids(search("municipal-responsibility=false"))).containsExactly(id(4));
    }

    @Test
    void byAuthoredDateRange() {
        LocalDate today = LocalDate.now(ZONE);
        assertThat(search("authored=" + today).getTotal()).isEqualTo(5);
        assertThat(search("authored=ge" + today + "&authored=lt" + today.plusDays(1)).getTotal()).isEqualTo(5);
        assertThat(search("authored=lt" + today).getTotal()).isZero();
        assertThat(search("authored=" + today.toString().substring(0, 7)).getTotal()).isEqualTo(5);
    }

    @Test
    void byComputedDeadlines() {
        LocalDate contactOfFirst = LocalDate.now(ZONE).minusDays(10).plusDays(4);
        assertThat(ids(search("contact-deadline=" + contactOfFirst))).containsExactly(id(0));
        assertThat(search("contact-deadline=le" + contactOfFirst.plusDays(1)).getTotal()).isEqualTo(2);
        assertThat(search("start-deadline=" + LocalDate.now(ZONE).plusDays(7)).getTotal()).isEqualTo(5);
        assertThat(ids(search("free-choice-date=lt" + LocalDate.now(ZONE).minusDays(1)))).containsExactlyInAnyOrder(id(0), id(1));
    }

    @Test
    void workListOfPlansPastTheirStartDeadlineWithoutAnOfferedFirstContact() {
        ServiceRequest offered = plans.get(0).copy();
        offered.setOccurrence(new Period().setStartElement(new DateTimeType(LocalDate.now(ZONE).plusDays(2).toString())));
        http.update("ServiceRequest/" + id(0), offered);
        LocalDate later = LocalDate.now(ZONE).plusDays(8);

        Bundle overdue = search("start-deadline=lt" + later + "&occurrence:missing=true&municipal-responsibility=true");

        assertThat(ids(overdue)).containsExactlyInAnyOrder(id(1), id(2), id(3));
        assertThat(ids(search("occurrence=" + LocalDate.now(ZONE).plusDays(2)))).containsExactly(id(0));
    }

    @Test
    void includesSubjectRequesterAndDiagnosis() {
        Bundle bundle = search("_id=" + id(1) + "&_include=ServiceRequest:subject&_include=ServiceRequest:requester"
                + "&_include=ServiceRequest:reason-reference");

        assertThat(bundle.getEntry()).extracting(e -> e.getSearch().getMode() + " " + e.getResource().fhirType())
                .containsExactlyInAnyOrder("MATCH ServiceRequest", "INCLUDE Patient", "INCLUDE Organization", "INCLUDE Condition");
        assertThat(bundle.getTotal()).isEqualTo(1);
    }

    @Test
    void sortsAndPagesWithoutOverlap() {
        Bundle sorted = search("_sort=contact-deadline");
        assertThat(ids(sorted)).containsExactly(id(0), id(1), id(2), id(3), id(4));
        assertThat(ids(search("_sort=-contact-deadline"))).containsExactly(id(4), id(3), id(2), id(1), id(0));

        Bundle page = search("_sort=contact-deadline&_count=2");
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        int pages = 0;
        while (page != null) {
            pages++;
            assertThat(page.getTotal()).isEqualTo(5);
            for (String id : ids(page)) {
                assertThat(seen.add(id)).as("page overlap on %s", id).isTrue();
                order.add(id);
            }
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            page = next == null ? null : client.search().byUrl(next.getUrl()).returnBundle(Bundle.class).execute();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(order).containsExactly(id(0), id(1), id(2), id(3), id(4));
    }

    @Test
    void badSearchesAreExplained() {
        http.get("ServiceRequest?colour=blue").assertError(400, "unknown-search-parameter");
        http.get("ServiceRequest?authored=yesterday").assertError(400, "invalid-search-parameter");
        http.get("ServiceRequest?_sort=colour").assertError(400, "invalid-search-parameter");
        http.get("ServiceRequest?_count=-1").assertError(400, "invalid-search-parameter");
        http.get("ServiceRequest?municipal-responsibility=maybe").assertError(400, "invalid-search-parameter");
        http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|12345").assertError(400, "invalid-search-parameter");
    }

    @Test
    void emptyResultIsAnEmptyBundle() {
        Bundle none = search("status=draft");

        assertThat(none.getTotal()).isZero();
        assertThat(none.getEntry()).isEmpty();
        assertThat(none.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    }

    static List<BundleEntryComponent> matches(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == SearchEntryMode.MATCH).toList();
    }
}
