package dk.rehab.adapter.limits;

import ca.uhn.fhir.context.FhirContext;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The request limits: {@link RequestLimits} in front of the FHIR API and the GGOP endpoint (before admission control, so an
 * oversized body never waits for a turn), Tomcat's header limit from {@code adapter.limits.max-header-size}, and Tomcat's own
 * error answers as OperationOutcomes ({@link TomcatErrors}).
 */
@Configuration
public class LimitsConfig {

    @Bean
    public FilterRegistrationBean<RequestLimits> requestLimitsRegistration(LimitsProperties limits, FhirContext fhir) {
        FilterRegistrationBean<RequestLimits> registration = new FilterRegistrationBean<>(new RequestLimits(limits, fhir));
        registration.addUrlPatterns("/fhir/*", "/medcom/*");
        registration.setName("requestLimits");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatLimits(LimitsProperties limits) {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                int bytes = (int) limits.maxHeaderSize().toBytes();
                if (connector.getProtocolHandler() instanceof org.apache.coyote.http11.AbstractHttp11Protocol<?> http) {
                    http.setMaxHttpRequestHeaderSize(bytes);
                    http.setMaxHttpResponseHeaderSize(Math.max(bytes, 8192));
                    // 100 Continue only when the body is read: a body refused by its Content-Length is never sent.
                    http.setContinueResponseTiming("onRead");
                }
                connector.setMaxPostSize((int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes()));
            });
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(TomcatErrors.class.getName());
                }
            });
        };
    }
}
