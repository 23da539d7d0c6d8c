package dk.rehab.adapter.catalogue;

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
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriAndListParam;
import ca.uhn.fhir.rest.param.UriOrListParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.search.SearchPage;
import dk.rehab.adapter.fhir.search.SqlFilter;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.springframework.stereotype.Component;

/**
 * {@code /PlanDefinition}: the service catalogue's packages, read-only (they come from the catalogue file).
 * read, and search by _id, url, name, title, status, version, diagnosis-group and modality, with paging.
 */
@Component
public class PlanDefinitionProvider implements IResourceProvider {
    private final ServiceCatalogue catalogue;
    private final AdapterProperties properties;

    public PlanDefinitionProvider(ServiceCatalogue catalogue, AdapterProperties properties) {
        this.catalogue = catalogue;
        this.properties = properties;
    }

    @Override
    public Class<PlanDefinition> getResourceType() {
        return PlanDefinition.class;
    }

    @Read
    public PlanDefinition read(@IdParam IdType id) {
        return catalogue.byId(id.getIdPart()).orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND,
                "the service catalogue has no package with id " + id.getIdPart(), null));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = PlanDefinition.SP_URL) UriAndListParam url,
                                  @OptionalParam(name = PlanDefinition.SP_NAME) StringAndListParam name,
                                  @OptionalParam(name = PlanDefinition.SP_TITLE) StringAndListParam title,
                                  @OptionalParam(name = PlanDefinition.SP_STATUS) TokenAndListParam status,
                                  @OptionalParam(name = PlanDefinition.SP_VERSION) TokenAndListParam version,
                                  @OptionalParam(name = "diagnosis-group") TokenAndListParam group,
                                  @OptionalParam(name = "modality") TokenAndListParam modality,
                                  @Offset Integer offset, @Count Integer count) {
        Stream<PlanDefinition> matches = catalogue.all().stream();
        matches = tokens(matches, id, "_id", (p, t) -> p.getIdElement().getIdPart().equals(t.getValue()));
        matches = tokens(matches, status, "status", (p, t) -> p.getStatus().toCode().equals(t.getValue()));
        matches = tokens(matches, version, "version", (p, t) -> t.getValue().equals(p.getVersion()));
        matches = tokens(matches, group, "diagnosis-group", (p, t) -> {
            String g = ServiceCatalogue.diagnosisGroup(p);
            return (t.getSystem() == null || t.getSystem().isEmpty() || Canonical.CS_DIAGNOSIS_GROUPS.equals(t.getSystem()))
                    && g != null && (g.equals(t.getValue()) || g.startsWith(t.getValue() + "-"));
        });
        matches = tokens(matches, modality, "modality", (p, t) -> {
            var ext = p.getExtensionByUrl(Canonical.EXT_PACKAGE_MODALITY);
            return ext != null && ext.getValue() instanceof Coding c && c.getCode().equals(t.getValue());
        });
        if (url != null) {
            for (UriOrListParam or : url.getValuesAsQueryTokens()) {
                List<String> values = or.getValuesAsQueryTokens().stream().map(UriParam::getValue).toList();
                matches = matches.filter(p -> values.contains(p.getUrl()));
            }
        }
        matches = strings(matches, name, p -> p.getName());
        matches = strings(matches, title, p -> p.getTitle());
        List<PlanDefinition> all = matches.toList();
        int size = count == null ? properties.paging().defaultCount() : Math.min(Math.max(count, 0), properties.paging().maxCount());
        int from = offset == null ? 0 : Math.max(offset, 0);
        List<PlanDefinition> page = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
        return SearchPage.of(page, List.of(), all.size(), from, size);
    }

    private static Stream<PlanDefinition> tokens(Stream<PlanDefinition> in, TokenAndListParam param, String name,
                                                 BiPredicate<PlanDefinition, TokenParam> match) {
        if (param == null) {
            return in;
        }
        Stream<PlanDefinition> out = in;
        for (TokenOrListParam or : param.getValuesAsQueryTokens()) {
            List<TokenParam> tokens = or.getValuesAsQueryTokens();
            if (tokens.stream().anyMatch(t -> t.getValue() == null || t.getValue().isEmpty())) {
                throw SqlFilter.invalid(name, "the value of " + name + " is empty");
            }
            out = out.filter(p -> tokens.stream().anyMatch(t -> match.test(p, t)));
        }
        return out;
    }

    /** FHIR string search: case- and accent-insensitive "starts with" (or :exact, :contains). */
    private static Stream<PlanDefinition> strings(Stream<PlanDefinition> in, StringAndListParam param,
                                                  java.util.function.Function<PlanDefinition, String> field) {
        if (param == null) {
            return in;
        }
        Stream<PlanDefinition> out = in;
        for (StringOrListParam or : param.getValuesAsQueryTokens()) {
            List<StringParam> values = or.getValuesAsQueryTokens();
            out = out.filter(p -> values.stream().anyMatch(v -> {
                String text = field.apply(p);
                if (text == null) {
                    return false;
                }
                if (v.isExact()) {
                    return text.equals(v.getValue());
                }
                String a = fold(text);
                String b = fold(v.getValue());
                return v.isContains() ? a.contains(b) : a.startsWith(b);
            }));
        }
        return out;
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
