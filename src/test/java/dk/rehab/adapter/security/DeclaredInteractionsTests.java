package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * Every interaction and operation the CapabilityStatement declares — read from the server, so an operation added later is
 * covered without touching this test — answers 401 unauthenticated without a token and with a token signed by a
 * stranger, and 403 forbidden to a caller whose scopes do not cover it; nothing is written by a refused request.
 */
abstract class DeclaredInteractionsTests extends IntegrationTest {
    /** A syntactically fine id: the refusal must come before the server looks anything up. */
    private static final String ID = "1";

    record Call(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Call> declared() {
        CapabilityStatement capabilities = http.withoutToken().get("metadata").resource(CapabilityStatement.class);
        List<Call> calls = new ArrayList<>();
        CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
        for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            String type = resource.getType();
            String body = "{\"resourceType\":\"" + type + "\"}";
            for (var interaction : resource.getInteraction()) {
                switch (interaction.getCode()) {
                    case READ -> calls.add(new Call("GET", type + "/" + ID, null));
                    case VREAD -> calls.add(new Call("GET", type + "/" + ID + "/_history/1", null));
                    case UPDATE -> calls.add(new Call("PUT", type + "/" + ID, "{\"resourceType\":\"" + type + "\",\"id\":\"" + ID + "\"}"));
                    case PATCH -> calls.add(new Call("PATCH", type + "/" + ID, "[]"));
                    case DELETE -> calls.add(new Call("DELETE", type + "/" + ID, null));
                    case HISTORYINSTANCE -> calls.add(new Call("GET", type + "/" + ID + "/_history", null));
                    case HISTORYTYPE -> calls.add(new Call("GET", type + "/_history", null));
                    case CREATE -> calls.add(new Call("POST", type, body));
                    case SEARCHTYPE -> {
                        calls.add(new Call("GET", type, null));
                        calls.add(new Call("POST", type + "/_search", ""));
                    }
                    default -> { }
                }
            }
            for (var operation : resource.getOperation()) {
                calls.addAll(operationCalls(operation.getName(), operation.getDefinition(), type));
            }
        }
        for (var interaction : rest.getInteraction()) {
            switch (interaction.getCode()) {
                case TRANSACTION, BATCH -> calls.add(new Call("POST", "", "{\"resourceType\":\"Bundle\",\"type\":\"" + interaction.getCode().toCode()
                        + "\",\"entry\":[{\"fullUrl\":\"urn:uuid:0b8a3c4e-0000-4000-8000-000000000001\",\"resource\":{\"resourceType\":\"Patient\"},"
                        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}"));
                case HISTORYSYSTEM -> calls.add(new Call("GET", "_history", null));
                case SEARCHSYSTEM -> calls.add(new Call("GET", "?_type=Patient", null));
                default -> { }
            }
        }
        for (var operation : rest.getOperation()) {
            calls.addAll(operationCalls(operation.getName(), operation.getDefinition(), null));
        }
        return calls;
    }

    /**
     * HAPI declares every operation of one name in one OperationDefinition, its levels and resources the union of them
     * all: {@code $export}'s says system, type and instance on Patient and Group. The Bulk Data levels are system,
     * Patient (type) and Group (instance), so those are the calls on each type.
     */
    private static final java.util.Map<String, String> EXPORT_LEVELS = java.util.Map.of("Patient", "type", "Group", "instance");

    /** The calls of an operation at each level its OperationDefinition declares (instance, type, system). */
    private List<Call> operationCalls(String name, String definition, String type) {
        String operation = name.startsWith("$") ? name : "$" + name;
        OperationDefinition od = definition(definition);
        Set<String> bases = new LinkedHashSet<>();
        boolean system = od == null ? type == null : od.getSystem();
        boolean onType = od == null ? type != null : od.getType();
        boolean instance = od != null && od.getInstance();
        if (type == null && od != null && (onType || instance) && od.hasResource()) {
            for (var code : od.getResource()) {
                String level = "$export".equals(operation) ? EXPORT_LEVELS.get(code.getValue()) : null;
                if (onType && (level == null || "type".equals(level))) bases.add(code.getValue() + "/");
                if (instance && (level == null || "instance".equals(level))) bases.add(code.getValue() + "/" + ID + "/");
            }
        } else if (type != null && "$export".equals(operation) && EXPORT_LEVELS.containsKey(type)) {
            bases.add(type + "/" + ("instance".equals(EXPORT_LEVELS.get(type)) ? ID + "/" : ""));
        } else if (type != null) {
            if (onType) bases.add(type + "/");
            if (instance) bases.add(type + "/" + ID + "/");
        }
        if (system && type == null) {
            bases.add("");
        }
        List<Call> calls = new ArrayList<>();
        for (String base : bases) {
            calls.add(new Call("POST", base + operation, "{\"resourceType\":\"Parameters\"}"));
            if (od != null && !od.getAffectsState()) {
                calls.add(new Call("GET", base + operation, null));
            }
        }
        return calls;
    }

    private OperationDefinition definition(String canonical) {
        if (canonical == null || canonical.isBlank()) {
            return null;
        }
        String id = canonical.substring(canonical.lastIndexOf('/') + 1);
        Http.Response response = http.get("OperationDefinition/" + id);
        return response.status() == 200 ? response.resource(OperationDefinition.class) : null;
    }

    private static Http.Response call(Http client, Call call) {
        return switch (call.method()) {
            case "GET" -> client.get(call.path());
            case "DELETE" -> client.delete(call.path());
            case "PUT" -> client.put(call.path(), call.body());
            case "PATCH" -> client.patch(call.path(), call.body());
            default -> call.path().endsWith("_search")
                    ? client.post(call.path(), "application/x-www-form-urlencoded", call.body())
                    : client.post(call.path(), "application/fhir+json", call.body());
        };
    }

    @Test
    void theCapabilityStatementDeclaresInteractionsAndOperations() {
        List<Call> calls = declared();
        assertThat(calls).hasSizeGreaterThan(50);
        assertThat(calls).extracting(Call::path).contains("ServiceRequest/" + ID, "$process-message", "");
    }

    @Test
    void everyDeclaredInteractionRefusesACallerWithoutAValidToken() throws Exception {
        Instant now = Instant.now();
        String stranger = LocalTokens.mint(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyIDFromThumbprint(true)
                .generate(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, ClientKind.MUNICIPALITY.defaultScopes(), now, now.plusSeconds(600)).build());
        for (Call call : declared()) {
            for (Http client : List.of(http.withoutToken(), http.withToken(stranger))) {
                Http.Response response = call(client, call);
                assertThat(response.status()).as("%s: %s", call, response.text()).isEqualTo(401);
                OperationOutcome outcome = response.outcome();
                assertThat(outcome.getIssueFirstRep().getCode()).as(call.toString()).isEqualTo(OperationOutcome.IssueType.LOGIN);
                assertThat(response.header("WWW-Authenticate")).as(call.toString()).startsWith("Bearer");
            }
        }
    }

    @Test
    void everyDeclaredInteractionRefusesACallerWhoseScopesDoNotCoverIt() {
        Instant now = Instant.now();
        // a municipality token that may only read HealthcareService (the teams): nothing declared but that is open to it
        String narrow = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/HealthcareService.r", now, now.plusSeconds(600)).build());
        for (Call call : declared()) {
            if (call.path().startsWith("HealthcareService/" + ID) && call.method().equals("GET")) {
                continue;
            }
            Http.Response response = call(http.withToken(narrow), call);
            assertThat(response.status()).as("%s: %s", call, response.text()).isEqualTo(403);
            assertThat(response.outcome().getIssueFirstRep().getCode()).as(call.toString()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        }
    }
}
