package dk.rehab.adapter.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Refuses a request whose URL or form parameters hold a control character (e.g. {@code %00}) with 400
 * {@code invalid-search-parameter}, before any search binds it: no FHIR value may hold one, and PostgreSQL refuses
 * U+0000 in a text parameter (which was a 500).
 */
@Component
@Interceptor
public class ParameterCheck {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            boolean bad = ExtensionPolicy.hasControlCharacter(parameter.getKey());
            for (String value : parameter.getValue()) {
                bad |= ExtensionPolicy.hasControlCharacter(value);
            }
            if (bad) {
                String name = ExtensionPolicy.hasControlCharacter(parameter.getKey()) ? "(a parameter name)" : parameter.getKey();
                throw new AdapterException(ErrorCode.INVALID_SEARCH_PARAMETER, "the parameter " + name
                        + " holds a control character (such as %00), which no FHIR value may", null);
            }
        }
        return true;
    }
}
