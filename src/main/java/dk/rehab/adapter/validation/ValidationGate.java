package dk.rehab.adapter.validation;

import ca.uhn.fhir.validation.SingleValidationMessage;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problem;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Where the full profile validator sits on the write path. By default nowhere: the rules in code decide, and
 * tests prove that what they accept — every resource the server returns — conforms to the profiles. In strict
 * mode ({@code adapter.validation.strict=true}) every resource about to be stored is validated as well, inside
 * the write's transaction, and an error refuses the whole request with {@code profile-violation}.
 */
@Component
public class ValidationGate {
    private final boolean strict;
    private final ValidatorHolder validator;

    public ValidationGate(AdapterProperties properties, ValidatorHolder validator) {
        this.strict = properties.validation().strict();
        this.validator = validator;
    }

    /** In strict mode, refuses {@code resource} (as it is about to be stored) if the profile validator finds an error. */
    public void check(Resource resource, String at) {
        if (!strict) {
            return;
        }
        List<SingleValidationMessage> errors = validator.get().errors(resource);
        if (!errors.isEmpty()) {
            throw new AdapterException(errors.stream()
                    .map(e -> new Problem(ErrorCode.PROFILE_VIOLATION, e.getMessage(), at + locationWithoutType(e.getLocationString())))
                    .toList());
        }
    }

    /** "ServiceRequest.category[0]" → ".category[0]", so it can follow the resource's own path in the request. */
    static String locationWithoutType(String location) {
        if (location == null) {
            return "";
        }
        int dot = location.indexOf('.');
        return dot < 0 ? "" : location.substring(dot);
    }
}
