package dk.rehab.adapter.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * Declares the security in the CapabilityStatement ({@code rest.security}): the SMART-on-FHIR service and, in the
 * oauth-uris extension, the token endpoint from configuration.
 */
@Component
@Interceptor
public class SecurityCapabilities {
    static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final SecurityProperties properties;

    public SecurityCapabilities(SecurityProperties properties) {
        this.properties = properties;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void declare(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(false);
            security.getService().clear();
            security.addService(new CodeableConcept(new Coding(SERVICE_SYSTEM, "SMART-on-FHIR", "SMART-on-FHIR")));
            security.getExtension().removeIf(e -> OAUTH_URIS.equals(e.getUrl()));
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            uris.addExtension("token", new UriType(properties.declaredTokenEndpoint()));
            security.setDescription("OAuth 2.0 bearer tokens (JWT, SMART Backend Services, system scopes) on every "
                    + "interaction except this CapabilityStatement; see /.well-known/smart-configuration");
        }
    }
}
