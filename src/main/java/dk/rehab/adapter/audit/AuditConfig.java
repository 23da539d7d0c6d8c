package dk.rehab.adapter.audit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The audit filters around the security filters (which run at HIGHEST_PRECEDENCE + 55): {@link AuditFilter} before
 * them (after the request limits at + 50), {@link AuditFilter.CallerCapture} right after them.
 */
@Configuration
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = dk.rehab.adapter.security.WithoutSecurity.PROPERTY,
        havingValue = "false", matchIfMissing = true) // security off for a benchmark: nothing audited
public class AuditConfig {

    @Bean
    public FilterRegistrationBean<AuditFilter> auditFilterRegistration(Audits audits) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audits));
        registration.addUrlPatterns("/fhir/*", "/fhir", "/medcom/*");
        registration.setName("auditFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 52);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<AuditFilter.CallerCapture> auditCallerRegistration() {
        FilterRegistrationBean<AuditFilter.CallerCapture> registration = new FilterRegistrationBean<>(new AuditFilter.CallerCapture());
        registration.addUrlPatterns("/fhir/*", "/fhir", "/medcom/*");
        registration.setName("auditCaller");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 57);
        return registration;
    }
}
