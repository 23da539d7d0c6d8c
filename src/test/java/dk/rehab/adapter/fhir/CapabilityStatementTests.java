package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.junit.jupiter.api.Test;

/** {@code GET /metadata} tells the truth: what it lists works, and what works is listed. */
abstract class CapabilityStatementTests extends IntegrationTest {
    private static final Map<String, Set<String>> INTERACTIONS = Map.ofEntries(
            Map.entry("Observation", Set.of("create", "read", "vread", "search-type")),
            Map.entry("DocumentReference", Set.of("read", "vread", "search-type")),
            Map.entry("Encounter", Set.of("read", "vread", "search-type")),
            Map.entry("Task", Set.of("read", "vread", "history-instance", "search-type")),
            Map.entry("ServiceRequest", Set.of("create", "read", "vread", "history-instance", "update", "search-type")),
            Map.entry("Patient", Set.of("create", "read", "vread", "search-type")),
            Map.entry("Organization", Set.of("create", "read", "vread", "search-type")),
            Map.entry("Condition", Set.of("create", "read", "vread", "search-type")),
            Map.entry("Practitioner", Set.of("create", "read", "vread", "search-type")),
            Map.entry("HealthcareService", Set.of("create", "read", "vread", "search-type")),
            Map.entry("EpisodeOfCare", Set.of("create", "read", "vread", "history-instance", "update", "search-type")),
            Map.entry("Appointment", Set.of("create", "read", "vread", "history-instance", "update", "search-type")),
            Map.entry("PlanDefinition", Set.of("read", "search-type")),
            Map.entry("OperationDefinition", Set.of("read")),
            Map.entry("Communication", Set.of("create", "read", "vread", "search-type")),
            Map.entry("Group", Set.of("create", "read", "vread", "update", "search-type")),

            Map.entry("AuditEvent", Set.of("read", "search-type")),
            // acknowledgements (issue 11, hospital compartment)
            Map.entry("Bundle", Set.of("read", "search-type")));

    private static final Map<String, String> SAMPLE_VALUES = Map.ofEntries(
            Map.entry("_id", "x"), Map.entry("identifier", "urn:ietf:rfc:3986|x"), Map.entry("patient", "Patient/x"), Map.entry("recipient", "012345"),
            Map.entry("subject", "Patient/x"), Map.entry("status", "active"), Map.entry("authored", "ge2026-01-01"),
            Map.entry("category", Canonical.PLAN_TYPE_ALMEN), Map.entry("requester", "Organization/x"),
            Map.entry("occurrence", "2026-01-01"), Map.entry("contact-deadline", "le2026-01-01"),
            Map.entry("start-deadline", "lt2026-01-01"), Map.entry("free-choice-date", "gt2026-01-01"),
            Map.entry("municipal-responsibility", "true"), Map.entry("code", "DS720"),
            Map.entry("contacted", "false"), Map.entry("type", "knae"), Map.entry("date", "ge2026-01-01"),
            Map.entry("care-manager", "Practitioner/x"), Map.entry("incoming-referral", "ServiceRequest/x"),
            Map.entry("legal-basis", "sul-140"), Map.entry("package", "http://rehab-adapter.dk/fhir/PlanDefinition/geriatri-styrkehold"),
            Map.entry("reassessment", "true"), Map.entry("package-used-up", "true"), Map.entry("appointment-type", "group"),
            Map.entry("practitioner", "Practitioner/x"), Map.entry("actor", "HealthcareService/x"), Map.entry("based-on", "ServiceRequest/x"),
            Map.entry("course", "EpisodeOfCare/x"), Map.entry("team", "HealthcareService/x"), Map.entry("url", "http://x"),
            Map.entry("name", "Geriatri"), Map.entry("title", "Knæ"), Map.entry("version", "2024"),
            Map.entry("diagnosis-group", "knae"), Map.entry("modality", "group"), Map.entry("phase", "start"),
            Map.entry("focus", "DocumentReference/x"), Map.entry("business-status", "delivered"),
            Map.entry("performer", "Organization/x"), Map.entry("course-started", "false"),
            Map.entry("about", "Appointment/x"), Map.entry("medium", "phone"), Map.entry("sent", "ge2026-01-01"),
            Map.entry("resume-after-admission", "le2026-01-01"), Map.entry("episode-of-care", "EpisodeOfCare/x"),

            Map.entry("agent", "012345"), Map.entry("entity", "ServiceRequest/x"), Map.entry("outcome", "4"), Map.entry("subtype", "read"),
            Map.entry("message", "MessageHeader/x"), Map.entry("sender", "446791000016008"));

    private CapabilityStatement metadata() {
        Http.Response response = http.get("metadata");
        assertThat(response.status()).isEqualTo(200);
        return response.resource(CapabilityStatement.class);
    }

    @Test
    void listsExactlyTheInteractionsEachTypeSupports() {
        CapabilityStatement capabilities = metadata();

        Map<String, CapabilityStatementRestResourceComponent> resources = capabilities.getRestFirstRep().getResource().stream()
                .collect(Collectors.toMap(CapabilityStatementRestResourceComponent::getType, r -> r));
        assertThat(resources.keySet()).containsExactlyInAnyOrderElementsOf(INTERACTIONS.keySet());
        INTERACTIONS.forEach((type, expected) -> {
            assertThat(resources.get(type).getInteraction()).extracting(i -> i.getCode().toCode())
                    .as(type).containsExactlyInAnyOrderElementsOf(expected);
            if (!Set.of("OperationDefinition", "PlanDefinition", "DocumentReference", "Task", "Encounter", "AuditEvent", "Bundle").contains(type)) {
                assertThat(resources.get(type).getConditionalCreate()).isTrue();
            }
        });
        assertThat(resources.get("ServiceRequest").getProfile()).isEqualTo(Canonical.PROFILE_PLAN);
        assertThat(capabilities.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
        assertThat(capabilities.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("process-message");
        assertThat(resources.get("ServiceRequest").getOperation()).extracting(o -> o.getName()).contains("original", "validate", "transfer");
        for (String type : List.of("Patient", "Organization", "Condition")) {
            assertThat(resources.get(type).getOperation()).extracting(o -> o.getName()).contains("validate");
        }
        assertThat(resources.get("Observation").getOperation()).extracting(o -> o.getName()).contains("lastn", "validate");
        assertThat(resources.get("DocumentReference").getOperation()).extracting(o -> o.getName()).containsExactly("correct");
        assertThat(resources.get("Task").getOperation()).extracting(o -> o.getName()).containsExactly("retry");
        assertThat(resources.get("ServiceRequest").getOperation()).extracting(o -> o.getName()).contains("send-contact-letter");
        assertThat(resources.get("Appointment").getOperation()).extracting(o -> o.getName()).contains("statistics");
        assertThat(resources.get("Communication").getProfile()).isEqualTo(Canonical.PROFILE_COMMUNICATION);
        assertThat(resources.get("EpisodeOfCare").getOperation()).extracting(o -> o.getName()).contains("finish");
        assertThat(resources.get("Group").getProfile()).isEqualTo(Canonical.PROFILE_GROUP);
        assertThat(resources.get("Group").getOperation()).extracting(o -> o.getName()).contains("export", "validate");
        assertThat(resources.get("Group").getOperation()).filteredOn(o -> "export".equals(o.getName()))
                .allMatch(o -> o.getDocumentation() != null && o.getDocumentation().contains("at kick-off"));
        assertThat(resources.get("Observation").getProfile()).isEqualTo(Canonical.PROFILE_FUNCTIONAL_STATUS);
        assertThat(resources.get("DocumentReference").getProfile()).isEqualTo(Canonical.PROFILE_FINAL_STATUS);
        assertThat(resources.get("Task").getProfile()).isEqualTo(Canonical.PROFILE_DELIVERY_TASK);
        assertThat(resources.get("Task").getConditionalCreate()).isFalse();
        assertThat(resources.get("AuditEvent").getProfile()).isEqualTo(Canonical.PROFILE_AUDIT_EVENT);
        assertThat(resources.get("AuditEvent").getReadHistory()).isFalse();
        assertThat(resources.get("AuditEvent").getSearchParam()).extracting(p -> p.getName())
                .contains("patient", "agent", "date", "entity", "outcome", "subtype", "type");
        assertThat(resources.get("Bundle").getReadHistory()).isFalse();
        assertThat(resources.get("Bundle").getSearchParam()).extracting(p -> p.getName()).contains("message", "sender");
        for (var operation : resources.get("ServiceRequest").getOperation()) {
            String definition = operation.getDefinition();
            assertThat(http.get(definition.substring(definition.indexOf("OperationDefinition/"))).status()).isEqualTo(200);
        }
    }

    @Test
    void everyListedSearchParameterIsAccepted() {
        for (CapabilityStatementRestResourceComponent resource : metadata().getRestFirstRep().getResource()) {
            for (CapabilityStatementRestResourceSearchParamComponent param : resource.getSearchParam()) {
                String value = SAMPLE_VALUES.get(param.getName());
                assertThat(value).as("a sample value for %s.%s", resource.getType(), param.getName()).isNotNull();
                // the audit trail is the auditor's alone
                Http caller = "AuditEvent".equals(resource.getType())
                        ? http.withToken(dk.rehab.adapter.support.TestTokens.of(dk.rehab.adapter.security.ClientKind.AUDITOR, null)) : http;
                Http.Response response = caller.get(resource.getType() + "?" + param.getName() + "=" + value);
                assertThat(response.status()).as("%s?%s: %s", resource.getType(), param.getName(), response.text()).isEqualTo(200);
            }
        }
    }

    @Test
    void ownSearchParametersHaveDefinitions() {
        CapabilityStatementRestResourceComponent plans = metadata().getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("ServiceRequest")).findFirst().orElseThrow();

        assertThat(plans.getSearchParam()).filteredOn(p -> p.getName().equals("start-deadline")).singleElement()
                .satisfies(p -> assertThat(p.getDefinition()).isEqualTo(Canonical.SP + "start-deadline"));
        assertThat(plans.getSearchParam()).extracting(p -> p.getName()).contains("patient", "subject", "status", "authored",
                "category", "requester", "identifier", "contact-deadline", "start-deadline", "free-choice-date", "occurrence");
        assertThat(plans.getSearchInclude()).extracting(i -> i.getValue()).contains("ServiceRequest:subject",
                "ServiceRequest:requester", "ServiceRequest:reason-reference");
    }

    @Test
    void namesTheAdapterItselfWithTheBuildsVersion() throws Exception {
        java.util.Properties build = new java.util.Properties();
        try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/build-info.properties")) {
            assertThat(in).as("build-info.properties from the spring-boot-maven-plugin").isNotNull();
            build.load(in);
        }
        String version = build.getProperty("build.version");

        CapabilityStatement capabilities = metadata();

        assertThat(capabilities.getName()).isEqualTo("RehabFhirAdapter");
        assertThat(capabilities.getTitle()).isEqualTo("Rehab FHIR Adapter");
        assertThat(capabilities.getPublisher()).isEqualTo("Rehab FHIR Adapter");
        assertThat(capabilities.getDescription()).contains("genoptræning", "ServiceRequest", "GGOP");
        assertThat(version).isNotBlank();
        assertThat(capabilities.getVersion()).isEqualTo(version);
        assertThat(capabilities.getSoftware().getName()).isEqualTo("Rehab FHIR Adapter");
        assertThat(capabilities.getSoftware().getVersion()).isEqualTo(version);
        assertThat(capabilities.getImplementation().getUrl()).isEqualTo(base());
        assertThat(capabilities.getImplementationGuide()).extracting(g -> g.getValue()).containsExactly(
                "http://hl7.dk/fhir/core/ImplementationGuide/hl7.fhir.dk.core",
                "http://medcomfhir.dk/ig/acknowledgement/ImplementationGuide/medcom.fhir.dk.acknowledgement");
        String narrative = capabilities.getText().getDivAsString();
        assertThat(narrative).contains("Rehab FHIR Adapter " + version).doesNotContain("HAPI");
    }
}
