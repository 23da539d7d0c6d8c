package dk.rehab.adapter.admission;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link WriteAdmission} in front of the FHIR API and the GGOP endpoint, unless it is turned off. */
@Configuration
public class AdmissionConfig {

    @Bean
    public WriteAdmission writeAdmission(AdmissionProperties properties, FhirContext fhir) {
        return new WriteAdmission(properties, fhir);
    }

    @Bean
    public FilterRegistrationBean<WriteAdmission> writeAdmissionRegistration(WriteAdmission admission, AdmissionProperties properties) {
        FilterRegistrationBean<WriteAdmission> registration = new FilterRegistrationBean<>(admission);
        registration.addUrlPatterns("/fhir/*", "/medcom/*");
        registration.setName("writeAdmission");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        registration.setEnabled(properties.permits() > 0);
        return registration;
    }
}
