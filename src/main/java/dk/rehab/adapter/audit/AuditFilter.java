package dk.rehab.adapter.audit;

import dk.rehab.adapter.security.Callers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every request to {@code /fhir/**} and {@code /medcom/**} (except the CapabilityStatement, the SMART
 * configuration and the auditor's own successful reads of the audit trail). It runs before the security filters, so
 * a 401 is audited too (with what is known: the network address and the URL path); {@link CallerCapture}, right after
 * them, notes the caller. When the request is done, one AuditEvent with its outcome goes to the {@link AuditWriter},
 * unless a write of the request was already audited in its transaction and the request succeeded.
 */
public class AuditFilter extends OncePerRequestFilter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditFilter.class);
    private final Audits audits;

    public AuditFilter(Audits audits) {
        this.audits = audits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.startsWith("/fhir/") || path.equals("/fhir") || path.startsWith("/medcom/"))
                || path.equals("/fhir/metadata") || path.startsWith("/fhir/.well-known/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuditContext context = new AuditContext(request.getMethod(), path(request), request.getRemoteAddr());
        AuditContext.bind(context);
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            AuditContext.unbind();
            try {
                record(context, status);
            } catch (RuntimeException e) {
                // the answer is sent; the event could not even be queued (stored at once after shutdown, and that failed)
                LOG.error("an audit event could not be recorded: {}", e.getClass().getName());
            }
        }
    }

    private void record(AuditContext context, int status) {
        if (context.skip || context.writeAudited && status < 400) {
            return;
        }
        if (status < 400 && "AuditEvent".equals(Interactions.type(context.path))) {
            return; // the auditor reading the audit trail is not audited again (README, Audit trail)
        }
        audits.storeLater(Audits.of(context, AuditRecord.outcomeOf(status), "HTTP " + status, new ArrayList<>(context.entities)));
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
    }

    /** Right after the security filters: the authenticated caller of the request, for its AuditEvent. */
    public static class CallerCapture extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            AuditContext context = AuditContext.current();
            if (context != null) {
                context.caller = Callers.current().orElse(null);
            }
            chain.doFilter(request, response);
        }
    }
}
