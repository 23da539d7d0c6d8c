package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import dk.rehab.adapter.validation.ValidationGate;
import java.util.List;
import java.util.function.BiFunction;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The REST update interaction, the twin of {@link ResourceCreates}: the {@code If-Match} version, one transaction
 * that writes the new version (the type's service decides what a change may be), checks it in strict mode and keeps
 * the request body, answered with the stored version.
 */
@Component
public class ResourceUpdates {
    private final WriteTransactions transactions;
    private final ValidationGate gate;
    private final Inbound inbound;

    public ResourceUpdates(WriteTransactions transactions, ValidationGate gate, Inbound inbound) {
        this.transactions = transactions;
        this.gate = gate;
        this.inbound = inbound;
    }

    /**
     * Updates with {@code write}, which gets a copy of {@code resource} and the {@code If-Match} version (or null)
     * and returns the stored version.
     */
    public <T extends Resource> MethodOutcome update(T resource, RequestDetails request, BiFunction<T, Integer, T> write) {
        Integer ifMatch = ifMatch(request);
        T checked = ClientCopies.copy(resource, resource == null ? null : resource.fhirType());
        T stored = transactions.run(() -> {
            @SuppressWarnings("unchecked")
            T copy = (T) checked.copy();
            T result = write.apply(copy, ifMatch);
            gate.check(result, result.fhirType());
            inbound.keep(request, "fhir-rest", List.of(result));
            return result;
        });
        MethodOutcome outcome = new MethodOutcome(stored.getIdElement());
        outcome.setResource(stored);
        return outcome;
    }

    /**
     * The current version of {@code type/id}, locked for the update: 404 when there is none ({@code what} names what
     * a client creates with POST instead, e.g. "plans"), 412 when {@code ifMatch} names another version.
     */
    public static StoredResource lockCurrent(ResourceStore store, String type, String id, Integer ifMatch, String what) {
        StoredResource current = store.currentForUpdate(type, id).orElseThrow(() ->
                new AdapterException(ErrorCode.NOT_FOUND, "there is no " + type + " with id " + id
                        + "; create " + what + " with POST (the server assigns ids)", null));
        if (ifMatch != null && ifMatch != current.version()) {
            throw new AdapterException(ErrorCode.PRECONDITION_FAILED, "If-Match names version " + ifMatch
                    + " but the current version is " + current.version(), null);
        }
        return current;
    }

    private static final java.util.regex.Pattern WEAK_ETAG = java.util.regex.Pattern.compile("W/\"([1-9][0-9]{0,8})\"");

    /**
     * The version the {@code If-Match} header names, as a weak ETag {@code W/"3"} (the form the adapter answers in ETag):
     * 428 {@code precondition-required} without the header (an update must say which version it changes, so that a
     * change made meanwhile is not overwritten), 400 {@code invalid-request} when it is empty, a strong ETag ({@code "3"}),
     * {@code *} or anything else.
     */
    static Integer ifMatch(RequestDetails request) {
        String header = request.getHeader("If-Match");
        if (header == null) {
            throw new AdapterException(ErrorCode.PRECONDITION_REQUIRED, "an update must name the version it changes: send If-Match: W/\"n\""
                    + " with the version (meta.versionId, or the ETag of the last read)", null);
        }
        java.util.regex.Matcher weak = WEAK_ETAG.matcher(header.trim());
        if (!weak.matches()) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "If-Match must be a weak ETag naming one version, as W/\"3\""
                    + (header.isBlank() ? "; it was empty" : header.trim().matches("\"[0-9]+\"") ? "; a strong ETag (\"3\") is not accepted" : ""),
                    null);
        }
        return Integer.valueOf(weak.group(1));
    }
}
