package dk.rehab.adapter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Serves {@link SmartConfiguration} at its two addresses, after the security filters (which let it through). */
@Configuration
public class SmartConfigurationConfig {
    @Bean
    FilterRegistrationBean<SmartConfiguration> smartConfiguration(SecurityProperties properties, ObjectMapper json) {
        FilterRegistrationBean<SmartConfiguration> registration = new FilterRegistrationBean<>(new SmartConfiguration(properties, json));
        registration.addUrlPatterns("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }
}
