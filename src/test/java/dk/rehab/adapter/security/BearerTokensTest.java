package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The loop finds the token Spring Security's resolver finds, and refuses what it refuses (malformed: 401 invalid_token). */
class BearerTokensTest {
    @Test
    void agreesWithSpringSecuritysResolver() {
        String[] headers = {null, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer  abc", "Bearer abc", "bearer abc", "BEARER abc",
                "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.abc-_~+/", "Bearer abc==", "Bearer abc=d", "Bearer =", "Bearer abc ",
                "Bearer a b", "Bearerabc", "Bearer\tabc", "Bearer abæ", "Bearer abc\n", "Bearer abc,def", "Bearer" + "x".repeat(40)};
        for (String header : headers) {
            Object ours = outcome(new BearerTokens()::resolve, header);
            Object spring = outcome(new DefaultBearerTokenResolver()::resolve, header);
            assertThat(ours).as("'%s'", header).isEqualTo(spring);
        }
    }

    private static Object outcome(java.util.function.Function<jakarta.servlet.http.HttpServletRequest, String> resolver, String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/1");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        Throwable refused = catchThrowable(() -> resolver.apply(request));
        if (refused != null) {
            return "refused: " + ((org.springframework.security.oauth2.core.OAuth2AuthenticationException) refused).getError().getErrorCode();
        }
        return String.valueOf(resolver.apply(request));
    }
}
