package dk.rehab.adapter.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one switch that turns security off, {@code adapter.security.off-for-benchmarks=true}, so that a benchmark can
 * measure what security costs in the same build (README, Performance): no token is asked for or checked, every
 * request is the municipality with every scope, and nothing is audited. The server refuses to start with it unless
 * the database is the embedded one, and says at start that security is off. Never in production: there the switch
 * does not exist, as far as the server is concerned.
 */
public final class WithoutSecurity {
    public static final String PROPERTY = "adapter.security.off-for-benchmarks";
    private static final Logger LOG = LoggerFactory.getLogger(WithoutSecurity.class);
    private static final Caller BENCHMARK = new Caller(ClientKind.MUNICIPALITY, null, "benchmark-without-security",
            Scope.parseAll("system/*.cruds"));

    private WithoutSecurity() {
    }

    public static boolean on(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }

    /**
     * Before any bean is made (the database included): refuses the switch unless the datasource is the embedded H2
     * database, and warns when it is on.
     */
    static BeanFactoryPostProcessor guard(Environment environment) {
        return factory -> {
            if (!on(environment)) {
                return;
            }
            String url = environment.getProperty("spring.datasource.url", "");
            if (!url.startsWith("jdbc:h2:")) {
                throw new IllegalStateException(PROPERTY + "=true is for benchmarks on the embedded database only; "
                        + "refusing to start without security on " + (url.isEmpty() ? "an unnamed database" : url.replaceAll("^(jdbc:[a-z0-9]+:).*$", "$1…")));
            }
            LOG.warn("SECURITY IS OFF ({}=true): no token is checked, every caller is the municipality, nothing is audited. For benchmarks only.",
                    PROPERTY);
        };
    }

    /** The filter chain with the switch on: everything permitted, every request the benchmark municipality. */
    static SecurityFilterChain chain(HttpSecurity http) throws Exception {
        SecurityConfig.stateless(http)
                .addFilterBefore(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(BENCHMARK, null));
                        chain.doFilter(request, response);
                    }
                }, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }
}
