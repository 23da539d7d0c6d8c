package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * HAPI's parser failing on a malformed body with a NullPointerException is the body's fault (400), also once the JIT
 * throws that exception without a stack trace (HotSpot's OmitStackTraceInFastThrow, which the fuzz suite met after a
 * few thousand requests); the same exception after HAPI handed the request to a provider stays a server fault.
 */
class ErrorInterceptorTest {
    private final ErrorInterceptor errors = new ErrorInterceptor();
    private final HttpServletRequest servlet = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getMethod") ? "POST" : null);

    private static NullPointerException withoutStackTrace() {
        NullPointerException e = new NullPointerException();
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    private static SystemRequestDetails withBody() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRequestContents("{\"resourceType\":\"Patient\",\"extension\":[42]}".getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void anExceptionWithoutFramesBeforeTheRequestIsHandledIsTheBodysFault() {
        BaseServerResponseException answer = errors.classify(withBody(), withoutStackTrace(), servlet);

        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(((AdapterException) answer).problems()).extracting(Problem::code).containsExactly(ErrorCode.MALFORMED_BODY);
    }

    @Test
    void theSameExceptionOnceAProviderHasTheRequestIsAServerFault() {
        SystemRequestDetails request = withBody();
        errors.handled(request);

        BaseServerResponseException answer = errors.classify(request, withoutStackTrace(), servlet);

        assertThat(answer.getStatusCode()).isEqualTo(500);
    }

    @Test
    void withoutABodyItIsAServerFault() {
        assertThat(errors.classify(new SystemRequestDetails(), withoutStackTrace(), servlet).getStatusCode()).isEqualTo(500);
    }
}
