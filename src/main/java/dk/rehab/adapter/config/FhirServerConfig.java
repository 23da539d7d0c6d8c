package dk.rehab.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import dk.rehab.adapter.fhir.CapabilityStatementCustomizer;
import dk.rehab.adapter.fhir.ErrorInterceptor;
import dk.rehab.adapter.fhir.StoredJsonReads;
import dk.rehab.adapter.message.ProcessMessageProvider;
import dk.rehab.adapter.security.AccessInterceptor;
import dk.rehab.adapter.security.SecurityCapabilities;
import dk.rehab.adapter.transaction.TransactionProvider;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared FhirContext ({@link FhirContexts}) and one HAPI plain {@link RestfulServer} at {@code /fhir},
 * holding every resource provider bean.
 */
@Configuration
public class FhirServerConfig {

    @Bean
    public FhirContext fhirContext() {
        return FhirContexts.shared();
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext fhirContext, List<IResourceProvider> providers,
                                                              TransactionProvider transactions, ProcessMessageProvider messages, ErrorInterceptor errors,
                                                              CapabilityStatementCustomizer capabilities, SecurityCapabilities security, AccessInterceptor access,
                                                              StoredJsonReads storedJsonReads, dk.rehab.adapter.audit.AuditInterceptor audit,
                                                              List<dk.rehab.adapter.fhir.PlainProvider> plainProviders,
                                                              dk.rehab.adapter.report.AnnualReportProvider annualReport) {
        RestfulServer server = new RestfulServer(fhirContext) {
            /**
             * The X-Request-ID HAPI makes for a request that brings none: 16 letters and digits, as HAPI's own, from a
             * thread-local generator; HAPI's (commons-lang's RandomStringUtils) was 3 % of the CPU of a read by id
             * (JFR). It identifies a request in answers and logs; it is no secret.
             */
            @Override
            protected String newRequestId(int length) {
                return RequestIds.next(length);
            }
        };
        storedJsonReads.register(server); // first: a plain read is answered before anything else runs
        server.setResourceProviders(List.copyOf(providers));
        server.registerProvider(transactions);
        server.registerProvider(messages);
        plainProviders.forEach(server::registerProvider);
        server.registerProvider(annualReport);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.registerInterceptor(errors);
        server.registerInterceptor(capabilities);
        server.registerInterceptor(security);
        server.registerInterceptor(audit); // the audit trail: before access, so a refusal's AuditEvent knows the interaction
        server.registerInterceptor(access); // who may do what: every interaction, after HAPI selected the handler
        server.setImplementationDescription("Rehab FHIR Adapter: municipal rehabilitation (genoptræning)");
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
