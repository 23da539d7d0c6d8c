package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.Resource;

/**
 * The working copy of a resource a client sent. HAPI's parser keeps some values its datatypes refuse (e.g. a date with
 * milliseconds in a {@code date}); copying such a resource fails, and the fault is the client's: 422 {@code invalid-value},
 * not a server fault. A request without a resource in its body is 400 {@code malformed-body}.
 */
public final class ClientCopies {
    private ClientCopies() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends Resource> T copy(T resource, String at) {
        if (resource == null) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the request has no resource in its body", at);
        }
        try {
            return (T) resource.copy();
        } catch (IllegalArgumentException e) {
            throw new AdapterException(ErrorCode.INVALID_VALUE, "an element has a value its datatype does not allow: "
                    + String.valueOf(e.getMessage()).replaceAll("HAPI-\\d{4}: ", ""), at);
        }
    }
}
