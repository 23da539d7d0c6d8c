package dk.rehab.adapter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet filters of the security layer outside Spring Security's chain: {@link SmartConfiguration} at its two
 * addresses, and {@link MedcomAccess} in front of /medcom/** (after the token check, before write admission).
 */
@Configuration
public class SmartConfigurationConfig {
    @Bean
    FilterRegistrationBean<SmartConfiguration> smartConfiguration(SecurityProperties properties, ObjectMapper json) {
        FilterRegistrationBean<SmartConfiguration> registration = new FilterRegistrationBean<>(new SmartConfiguration(properties, json));
        registration.addUrlPatterns("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<MedcomAccess> medcomAccess(AccessRules rules, SecurityProblems problems) {
        FilterRegistrationBean<MedcomAccess> registration = new FilterRegistrationBean<>(new MedcomAccess(rules, problems));
        registration.addUrlPatterns("/medcom/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 60);
        return registration;
    }
}
