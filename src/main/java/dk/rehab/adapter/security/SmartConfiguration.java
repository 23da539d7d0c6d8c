package dk.rehab.adapter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code GET /.well-known/smart-configuration} (also under {@code /fhir}, the FHIR base): the SMART App Launch 2.x
 * discovery document for backend services, open to everyone. A filter rather than a controller because
 * {@code /fhir/*} belongs to the FHIR servlet.
 */
public class SmartConfiguration extends OncePerRequestFilter {
    private final byte[] body;

    public SmartConfiguration(SecurityProperties properties, ObjectMapper json) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (!properties.usesLocalKey()) {
            document.put("issuer", properties.issuer());
            if (properties.jwks().startsWith("http")) {
                document.put("jwks_uri", properties.jwks());
            }
        }
        document.put("token_endpoint", properties.declaredTokenEndpoint());
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
        TreeSet<String> scopes = new TreeSet<>();
        for (ClientKind kind : ClientKind.values()) {
            scopes.addAll(List.of(kind.defaultScopes().split(" ")));
        }
        document.put("scopes_supported", List.copyOf(scopes));
        document.put("capabilities", List.of("client-confidential-asymmetric", "permission-v2"));
        try {
            this.body = json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
