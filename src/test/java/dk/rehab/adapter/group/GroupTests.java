package dk.rehab.adapter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Cohorts;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * Cohorts of citizens (Group, {@code rehab-group}) as the municipality keeps them: create, read, update and search; every
 * bad cohort refused with a 4xx OperationOutcome naming the element; the municipality's only (another kind's read is 404,
 * anything else 403).
 */
abstract class GroupTests extends IntegrationTest {

    private String citizen(String cpr) {
        Http.Response created = http.json("Patient", Plans.patient(cpr));
        assertThat(created.status()).as(created.text()).isIn(200, 201);
        return "Patient/" + created.resource(Patient.class).getIdElement().getIdPart();
    }

    private String create(Group group) {
        Http.Response created = http.json("Group", group);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return "Group/" + created.resource(Group.class).getIdElement().getIdPart();
    }

    @Test
    void aCohortIsCreatedReadUpdatedAndFound() {
        String a = citizen(Plans.newCpr());
        String b = citizen(Plans.newCpr());
        String cprOfC = Plans.newCpr();
        String c = citizen(cprOfC);
        Group cohort = Cohorts.cohort("Hoftebrud 2026", List.of(a, b));
        String ref = create(cohort);

        Group read = http.get(ref).resource(Group.class);
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(read.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Canonical.PROFILE_GROUP);
        assertThat(read.getMember()).extracting(m -> m.getEntity().getReference()).containsExactly(a, b);
        assertThat(read.getQuantity()).as("computed: the number of members").isEqualTo(2);
        assertThat(read.getType()).isEqualTo(Group.GroupType.PERSON);
        assertThat(read.getActual()).isTrue();

        // update: a member by CPR number (a logical reference, stored as the literal one), one removed
        read.getMember().remove(0);
        read.addMember().setEntity(new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_CPR).setValue(cprOfC)));
        Http.Response updated = http.update(ref, read);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        Group second = http.get(ref).resource(Group.class);
        assertThat(second.getMeta().getVersionId()).isEqualTo("2");
        assertThat(second.getMember()).extracting(m -> m.getEntity().getReference()).containsExactly(b, c);
        assertThat(second.getQuantity()).isEqualTo(2);
        assertThat(http.get(ref + "/_history/1").resource(Group.class).getMember()).hasSize(2);

        // search by _id and identifier; a conditional create on the identifier finds it
        Identifier id = second.getIdentifierFirstRep();
        Http.Response again = http.json("Group", cohort, "If-None-Exist", "identifier=" + id.getSystem() + "|" + id.getValue());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.resource(Group.class).getIdElement().getIdPart()).isEqualTo(ref.substring(6));
        Bundle byIdentifier = http.get("Group?identifier=" + id.getSystem() + "|" + id.getValue()).resource(Bundle.class);
        assertThat(byIdentifier.getTotal()).isEqualTo(1);
        assertThat(byIdentifier.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(ref.substring(6));
        assertThat(http.get("Group?_id=" + ref.substring(6)).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @Test
    void aBadCohortIs4xxWithItsLocationAndStoresNothing() {
        String a = citizen(Plans.newCpr());
        String organization = "Organization/" + http.json("Organization", Plans.hospital(Plans.uniqueSor(), null))
                .resource(org.hl7.fhir.r4.model.Organization.class).getIdElement().getIdPart();

        Group notAPatient = Cohorts.cohort("x", List.of(a, organization));
        expect(http.json("Group", notAPatient).assertError(422, "invalid-reference"), "Group.member[1].entity.reference");

        Group unknown = Cohorts.cohort("x", List.of("Patient/no-such-citizen"));
        expect(http.json("Group", unknown).assertError(422, "reference-not-found"), "Group.member[0].entity.reference");

        Group practitioners = Cohorts.cohort("x", List.of(a));
        practitioners.setType(Group.GroupType.PRACTITIONER);
        expect(http.json("Group", practitioners).assertError(422, "invalid-value"), "Group.type");

        Group definitional = Cohorts.cohort("x", List.of(a));
        definitional.setActual(false);
        expect(http.json("Group", definitional).assertError(422, "invalid-value"), "Group.actual");

        Group twice = Cohorts.cohort("x", List.of(a, a));
        expect(http.json("Group", twice).assertError(422, "invalid-value"), "Group.member[1].entity");

        Group withPeriod = Cohorts.cohort("x", List.of(a));
        withPeriod.getMemberFirstRep().getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
        expect(http.json("Group", withPeriod).assertError(422, "invalid-value"), "Group.member[0].period");

        Group nameless = Cohorts.cohort(null, List.of(a));
        expect(http.json("Group", nameless).assertError(422, "required-element-missing"), "Group.name");

        // several problems at once
        Group bad = Cohorts.cohort("x", List.of("Patient/nobody", organization));
        bad.setActual(false);
        assertThat(http.json("Group", bad).assertError(422, "invalid-value").getIssue()).hasSize(3);

        // an update with a bad member stores nothing: the group keeps its version
        String ref = create(Cohorts.cohort("good", List.of(a)));
        Group current = http.get(ref).resource(Group.class);
        current.addMember().setEntity(new Reference("Patient/nobody"));
        expect(http.update(ref, current).assertError(422, "reference-not-found"), "Group.member[1].entity.reference");
        assertThat(http.get(ref).resource(Group.class).getMeta().getVersionId()).isEqualTo("1");
        // an update of a group that does not exist
        Group other = Cohorts.cohort("good", List.of(a));
        other.setId("no-such-group");
        other.getMeta().setVersionId("1");
        http.update("Group/no-such-group", other).assertError(404, "not-found");
    }

    private static void expect(OperationOutcome outcome, String expression) {
        assertThat(outcome.getIssue()).as(outcome.getIssueFirstRep().getDiagnostics())
                .anyMatch(i -> i.getExpression().stream().anyMatch(e -> expression.equals(e.getValue())));
    }

    @Test
    void cohortsAreTheMunicipalitysOnly() {
        String a = citizen(Plans.newCpr());
        String ref = create(Cohorts.cohort("Kohorte", List.of(a)));
        for (String token : List.of(TestTokens.of(ClientKind.HOSPITAL, "123456789012"), TestTokens.of(ClientKind.GP, "012345"),
                TestTokens.of(ClientKind.REPORTING, null), TestTokens.of(ClientKind.AUDITOR, null))) {
            Http other = http.withToken(token);
            other.get(ref).assertError(404, "not-found");
            other.get(ref + "/_history/1").assertError(404, "not-found");
            other.get("Group").assertError(403, "forbidden");
            other.get("Group?_id=" + ref.substring(6)).assertError(403, "forbidden");
            other.json("Group", Cohorts.cohort("x", List.of(a))).assertError(403, "forbidden");
            Group current = http.get(ref).resource(Group.class);
            other.update(ref, current).assertError(403, "forbidden");
        }
        assertThat(http.get(ref).status()).isEqualTo(200);
        assertThat(http.withoutToken().get(ref).status()).isEqualTo(401);
    }
}
