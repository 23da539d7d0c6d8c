package dk.rehab.adapter.security;

import dk.rehab.adapter.fhir.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /medcom/**} (the GGOP endpoint, a Spring controller outside the FHIR server) asks {@link AccessRules} as a
 * hospital message: the same decision as {@code $process-message}.
 */
public class MedcomAccess extends OncePerRequestFilter {
    private final AccessRules rules;
    private final SecurityProblems problems;

    public MedcomAccess(AccessRules rules, SecurityProblems problems) {
        this.rules = rules;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Callers.current();
        Decision decision = caller.map(rules::ggop).orElse(Decision.forbidden("no authenticated caller"));
        if (!decision.allowed()) {
            problems.write(response, ErrorCode.FORBIDDEN, decision.reason());
            return;
        }
        chain.doFilter(request, response);
    }
}
