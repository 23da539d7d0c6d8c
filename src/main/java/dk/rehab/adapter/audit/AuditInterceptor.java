package dk.rehab.adapter.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * What the FHIR server tells the audit trail about a request: the interaction (after HAPI selected the handler, before
 * {@link dk.rehab.adapter.security.AccessInterceptor} decides, so a refusal knows it too), the instance it names, a
 * search's parameters (CPR numbers masked), and what the answer holds (each resource and its Patient).
 */
@Component
@Interceptor
public class AuditInterceptor {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean interaction(RequestDetails request) {
        AuditContext context = AuditContext.current();
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (context == null || operation == null) {
            return true;
        }
        Interactions.Interaction interaction = Interactions.of(operation);
        context.interaction(interaction.subtype(), interaction.action());
        String type = request.getResourceName();
        if (type != null && request.getId() != null && request.getId().hasIdPart()) {
            context.touched(type + "/" + request.getId().getIdPart(), "Patient".equals(type) ? "Patient/" + request.getId().getIdPart() : null);
        }
        if (operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.SEARCH_SYSTEM
                || operation == RestOperationTypeEnum.GET_PAGE) {
            context.query(Redaction.query(request.getParameters()));
        }
        return true;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean answered(RequestDetails request, IBaseResource resource) {
        AuditContext context = AuditContext.current();
        if (context == null || resource == null || context.writeAudited) {
            return true;
        }
        if (resource instanceof Bundle bundle) {
            if (bundle.getType() == Bundle.BundleType.SEARCHSET || bundle.getType() == Bundle.BundleType.HISTORY) {
                for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                    touched(context, entry.getResource());
                }
            }
            return true;
        }
        if (!(resource instanceof OperationOutcome)) {
            touched(context, resource);
        }
        return true;
    }

    private static void touched(AuditContext context, IBaseResource resource) {
        if (resource instanceof Resource r && !(r instanceof OperationOutcome) && r.getIdElement().hasIdPart()) {
            context.touched(r.fhirType() + "/" + r.getIdElement().getIdPart(), PatientRefs.of(r));
        }
    }
}
