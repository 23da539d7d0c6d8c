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

    /** {@link WithoutSecurity}: refused unless on the embedded database, before the database is even opened. */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor withoutSecurityOnlyOnTheEmbeddedDatabase(
            org.springframework.core.env.Environment environment) {
        return WithoutSecurity.guard(environment);
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        return TokenDecoders.decoder(properties);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder, SecurityProperties properties,
                                            SecurityProblems problems, org.springframework.core.env.Environment environment) throws Exception {
        if (WithoutSecurity.on(environment)) {
            return WithoutSecurity.chain(http);
        }
        stateless(http)
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
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new CallerConverter(properties.claims())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** No session, no cookies (so no CSRF), no login form, no basic auth, no logout, no request cache: every request stands alone. */
    static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
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
        firewall.setAllowedHeaderNames(SecurityConfig::assignedAndNotControl);
        return firewall;
    }

    /**
     * The firewall's own rule for header names and values (every character assigned and not an ISO control character), as a loop
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
     * Spring Security, finding Spring MVC, puts a filter in front of its chain that runs Spring MVC's handler lookup for
     * every request (HandlerMappingIntrospector's cache, for MVC request matchers and MVC CORS configuration). The
     * adapter's chain uses plain path patterns and no CORS, so nothing reads that cache; the lookup was 13 % of the CPU
     * of a read by id (JFR). This takes that wrapper off {@code springSecurityFilterChain}, leaving Spring Security's chain behind the filter that parses the request path once.
     * ({@code AuthenticationTests} checks the registered filter and that nothing missed the cache.)
     */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor withoutHandlerMappingLookupPerRequest() {
        return factory -> {
            if (factory instanceof org.springframework.beans.factory.support.BeanDefinitionRegistry registry
                    && registry.containsBeanDefinition(FILTER_CHAIN)) {
                var definition = registry.getBeanDefinition(FILTER_CHAIN);
                var wrapped = definition.getBeanClassName() != null && MVC_WRAPPER.equals(definition.getBeanClassName())
                        ? definition.getConstructorArgumentValues().getIndexedArgumentValue(0, java.util.List.class) : null;
                if (wrapped != null && wrapped.getValue() instanceof java.util.List<?> filters && filters.size() == 2
                        && filters.get(1) instanceof org.springframework.beans.factory.config.BeanDefinition original) {
                    registry.removeBeanDefinition(FILTER_CHAIN);
                    registry.registerBeanDefinition(FILTER_CHAIN, original);
                }
            }
        };
    }

    private static final String FILTER_CHAIN = "springSecurityFilterChain";
    /** The wrapper that adds the handler lookup (Spring Security 6.5); its other wrapper, which only parses the path once, stays. */
    private static final String MVC_WRAPPER = "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    /**
     * No Micrometer observation around each of Spring Security's filters, its authentication and its authorisation on
     * every request: they were a tenth of the CPU of a read by id (JFR), and the adapter records no such metric.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }
}
