package dk.rehab.adapter.message;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.search.SearchPage;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.security.AccessRules;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * {@code /Bundle}: the acknowledgements the adapter answered to hospital messages ($process-message, GGOP, hospital
 * notifications), read only. {@code GET /Bundle/{id}} (the acknowledgement Bundle's id); search
 * {@code GET /Bundle?message=} (the original MessageHeader.id or Bundle.id; {@code MessageHeader/…} or {@code Bundle/…}
 * accepted), {@code sender} (the sending organisation's identifier value), {@code _count}/{@code _offset}, and
 * {@code POST /Bundle/_search}. The only Bundle resource provider of the server. Who may read what: {@link AccessRules}
 * (municipality all; a hospital those it sent, the search narrowed with {@code sender}; others 403).
 */
@Component
public class AcknowledgementProvider implements IResourceProvider {
    private final AcknowledgementReads reads;
    private final FhirContext fhir;
    private final AdapterProperties.Paging paging;

    public AcknowledgementProvider(AcknowledgementReads reads, FhirContext fhir, AdapterProperties properties) {
        this.reads = reads;
        this.fhir = fhir;
        this.paging = properties.paging();
    }

    @Override
    public Class<Bundle> getResourceType() {
        return Bundle.class;
    }

    @Read
    public Bundle read(@IdParam IdType id) {
        return reads.byId(id.getIdPart()).map(this::parse)
                .orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND, AccessRules.notFoundMessage("Bundle", id.getIdPart()), null));
    }

    @Search(allowUnknownParams = false)
    public IBundleProvider search(@OptionalParam(name = "message") StringAndListParam message,
                                  @OptionalParam(name = "sender") StringAndListParam sender,
                                  @Offset Integer offset, @Count Integer count) {
        List<String> messages = values(message, "message");
        if (messages.size() > 1) {
            throw SqlFilter.invalid("message", "give one message");
        }
        String key = messages.isEmpty() ? null : messages.get(0).replaceFirst("^(MessageHeader|Bundle)/", "");
        int from = offset == null ? 0 : offset;
        if (from < 0) {
            throw SqlFilter.invalid("_offset", "_offset must not be negative");
        }
        int size = count == null ? paging.defaultCount() : count;
        if (size < 0) {
            throw SqlFilter.invalid("_count", "_count must not be negative");
        }
        size = Math.min(size, paging.maxCount());
        AcknowledgementReads.Page page = reads.search(key, values(sender, "sender"), from, size);
        return SearchPage.of(page.acks().stream().map(this::parse).toList(), List.of(), page.total(), from, size);
    }

    /** The values of an AND list of single values (an OR list is not supported: one message, one sender). */
    private static List<String> values(StringAndListParam and, String name) {
        List<String> values = new ArrayList<>();
        if (and == null) {
            return values;
        }
        for (StringOrListParam or : and.getValuesAsQueryTokens()) {
            if (or.getValuesAsQueryTokens().size() != 1) {
                throw SqlFilter.invalid(name, "one value of " + name + " at a time (no comma lists)");
            }
            StringParam value = or.getValuesAsQueryTokens().get(0);
            if (value.getValue() == null || value.getValue().isBlank()) {
                throw SqlFilter.invalid(name, "the value of " + name + " is empty");
            }
            if (value.isContains() || value.isText()) {
                throw SqlFilter.invalid(name, name + " takes the exact value, no modifier");
            }
            values.add(value.getValue());
        }
        return values;
    }

    private Bundle parse(String json) {
        return fhir.newJsonParser().parseResource(Bundle.class, json);
    }
}
