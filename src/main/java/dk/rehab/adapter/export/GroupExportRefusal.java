package dk.rehab.adapter.export;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code Group/[id]/$export}: the adapter keeps no Group resources (no cohorts of citizens are defined here), so a group
 * export has no group to export. Instead of HAPI's bare "unknown resource type", the answer says so and names the
 * exports that exist: 404 unknown-resource-type with an OperationOutcome.
 */
@Component
@Interceptor
public class GroupExportRefusal {
    private static final Pattern GROUP_EXPORT = Pattern.compile("/Group(/[^/]+)?/\\$export/?");

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean refuse(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path != null && GROUP_EXPORT.matcher(path).matches()) {
            throw new AdapterException(ErrorCode.UNKNOWN_RESOURCE_TYPE, "this server keeps no Group resources, so there is no group to export: "
                    + "use GET [base]/Patient/$export (every citizen's data) or GET [base]/$export (everything)", null);
        }
        return true;
    }
}
