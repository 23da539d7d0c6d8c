package dk.rehab.adapter.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Applies {@link AccessRules} to every request the FHIR server handles, after HAPI has selected the handler and
 * before it reads the parameters: 403 forbidden outside the caller's scopes, 404 for an instance outside its compartment, and a
 * search narrowed to the compartment (the narrowing parameter is added to the query, so totals and paging count
 * only what the caller may see). A restricted caller's transaction or message is looked into: every entry is
 * decided (a message's resources are covered by the message scope, MessageHeader.c), and a hospital's plans must
 * name the hospital as their requester.
 */
@Component
@Interceptor
public class AccessInterceptor {
    private final AccessRules rules;
    private final FhirContext fhir;

    public AccessInterceptor(AccessRules rules, FhirContext fhir) {
        this.rules = rules;
        this.fhir = fhir;
    }

    /** At POST_PROCESSED: HAPI has chosen the handler (the operation is known) and has not yet read the parameters. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.METADATA) {
            return true;
        }
        Caller caller = Callers.current().orElseThrow(() -> new AdapterException(ErrorCode.FORBIDDEN, "no authenticated caller", null));
        String type = request.getResourceName();
        String id = request.getId() != null && request.getId().hasIdPart() ? request.getId().getIdPart() : null;
        String name = request.getOperation() == null ? null : request.getOperation().startsWith("$") ? request.getOperation() : "$" + request.getOperation();
        apply(rules.decide(caller, operation, type, id, name), type, id, request);
        if (AccessRules.mayDoEverything(caller)) {
            return true;
        }
        if (request.getParameters().keySet().stream().anyMatch(parameter -> parameter.startsWith("_revinclude"))) {
            // what references the caller's resources is not in its compartment (courses, sessions of its plans)
            throw new AdapterException(ErrorCode.FORBIDDEN, "_revinclude is open to unrestricted callers only", null);
        }
        boolean bundle = operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH
                || "$process-message".equals(name);
        boolean plan = "ServiceRequest".equals(type) && (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE);
        if (bundle || plan) {
            lookInto(caller, request, bundle, operation != RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);
        }
        return true;
    }

    private void lookInto(Caller caller, RequestDetails request, boolean isBundle, boolean entriesHaveRequests) {
        Resource body = parse(request);
        if (body == null) {
            return; // HAPI answers the malformed body
        }
        if (!isBundle) {
            if (body instanceof ServiceRequest plan) {
                apply(rules.sendsInOwnName(caller, rules.organisationIdentifiers(plan.getRequester().getReferenceElement().getIdPart())), null, null, request);
            }
            return;
        }
        if (!(body instanceof Bundle bundle)) {
            return;
        }
        Map<String, Organization> organisations = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Organization org) {
                if (entry.hasFullUrl()) {
                    organisations.put(entry.getFullUrl(), org); // urn:uuid:… or an absolute URL
                }
                if (org.getIdElement().hasIdPart()) {
                    organisations.put("Organization/" + org.getIdElement().getIdPart(), org); // a relative reference
                }
            }
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entriesHaveRequests && entry.hasRequest()) {
                String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl().replaceFirst("^/", "");
                String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
                String[] parts = path.split("/");
                String method = entry.getRequest().getMethod() == null ? "" : entry.getRequest().getMethod().toCode();
                apply(rules.entry(caller, method, parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null), null, null, request);
            }
            if (entry.getResource() instanceof org.hl7.fhir.r4.model.MessageHeader header) {
                Organization sender = header.getSender().getReference() == null ? null : organisations.get(header.getSender().getReference());
                List<Identifier> senderIds = sender == null ? List.of() : sender.getIdentifier();
                if (!entriesHaveRequests) {
                    // $process-message: a plan transfer only from another municipality in its own name (or the municipality)
                    boolean transfer = header.hasEventCoding()
                            && dk.rehab.adapter.transfer.TransferMessageMapper.EVENT.equals(header.getEventCoding().getCode());
                    apply(rules.handsOverInOwnName(caller, transfer, senderIds), null, null, request);
                }
                if (header.hasEventCoding() && dk.rehab.adapter.notification.Notifications.EVENT.equals(header.getEventCoding().getCode())) {
                    apply(rules.notifiesInOwnName(caller, senderIds), null, null, request);
                }
            }
            if (entry.getResource() instanceof ServiceRequest plan) {
                String reference = plan.getRequester().getReference();
                Organization inBundle = reference == null ? null : organisations.get(reference);
                List<Identifier> identifiers = inBundle != null ? inBundle.getIdentifier()
                        : reference == null && plan.getRequester().hasIdentifier() ? List.of(plan.getRequester().getIdentifier())
                        : rules.organisationIdentifiers(plan.getRequester().getReferenceElement().getIdPart());
                apply(rules.sendsInOwnName(caller, identifiers), null, null, request);
            }
        }
    }

    private Resource parse(RequestDetails request) {
        byte[] bytes = request.loadRequestContents();
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        IParser parser = text.startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser();
        try {
            return (Resource) parser.parseResource(text);
        } catch (RuntimeException e) {
            // Not readable (HAPI's parser also fails with NullPointerException and the like on some malformed bodies):
            // HAPI parses the same bytes next and answers 400 malformed-body; there is nothing here to decide on.
            return null;
        }
    }

    private static void apply(Decision decision, String type, String id, RequestDetails request) {
        switch (decision.outcome()) {
            case FORBIDDEN -> throw new AdapterException(ErrorCode.FORBIDDEN, decision.reason(), null);
            case NOT_FOUND -> throw new AdapterException(ErrorCode.NOT_FOUND, AccessRules.notFoundMessage(type, id), null);
            case ALLOW -> {
                if (decision.narrowingParameter() != null) {
                    Map<String, String[]> parameters = new HashMap<>(request.getParameters());
                    String[] existing = parameters.get(decision.narrowingParameter());
                    String[] narrowed = existing == null ? new String[1] : java.util.Arrays.copyOf(existing, existing.length + 1);
                    narrowed[narrowed.length - 1] = decision.narrowingValue();
                    parameters.put(decision.narrowingParameter(), narrowed);
                    request.setParameters(parameters);
                }
            }
        }
    }
}
