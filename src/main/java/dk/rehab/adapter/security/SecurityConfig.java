package dk.rehab.adapter.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every request needs a valid bearer token, except the CapabilityStatement, the SMART configuration, and actuator
 * health and info; the other actuator endpoints exposed (metrics) need a municipality token. Stateless: no session, no cookies, so no CSRF; no login form, no basic auth. What a valid caller
 * may do is decided per FHIR interaction by {@link AccessRules}.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // no web server (a tool context): no requests to check
public class SecurityConfig {
    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    private static RequestMatcher get(String pattern) {
        return PATHS.matcher(HttpMethod.GET, pattern);
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        return TokenDecoders.decoder(properties);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder, SecurityProperties properties,
                                            SecurityProblems problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Security headers (no-store, nosniff, frame options, HSTS on TLS) set before the request is handled,
                // so the response is not wrapped to watch for its commit.
                .headers(headers -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                // Plain path patterns, not Spring MVC matchers: those ask the MVC handler mappings on every request.
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(get("/fhir/metadata"), get("/.well-known/smart-configuration"), get("/fhir/.well-known/smart-configuration"),
                                get("/actuator/health"), get("/actuator/health/**"), get("/actuator/info")).permitAll()
                        .requestMatchers(PATHS.matcher("/error")).permitAll()
                        .requestMatchers(PATHS.matcher("/actuator/**")).access((authentication, context) -> new org.springframework.security.authorization.AuthorizationDecision(
                                authentication.get() instanceof CallerAuthentication caller && caller.caller().kind() == ClientKind.MUNICIPALITY))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new CallerConverter(properties.claims())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * Spring Security's firewall, but any HTTP method passes: the FHIR server and Spring MVC answer a method they do not
     * serve with 405 method-not-allowed. (What the firewall still refuses is answered by {@link SecurityProblems}, the
     * one RequestRejectedHandler bean, as 400 invalid-request with an OperationOutcome.)
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderValues(SecurityConfig::assignedAndNotControl);
        return firewall;
    }

    /**
     * The firewall's own rule for header values (every character assigned and not an ISO control character), as a loop
     * instead of its regular expression: on a read by id, matching the bearer token's ~600 characters against the
     * expression was a tenth of the server's CPU (JFR).
     */
    static boolean assignedAndNotControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80 ? c < 0x20 || c == 0x7f : Character.isISOControl(c) || !Character.isDefined(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * No Micrometer observation around each of Spring Security's filters, its authentication and its authorisation on
     * every request: they were a tenth of the CPU of a read by id (JFR), and the adapter records no such metric.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }
}
