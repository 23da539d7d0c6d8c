package dk.rehab.adapter.validation;

import ca.uhn.fhir.util.BundleUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The example instances: {@code examples/*.json} must conform, {@code examples/invalid/*.json} must be rejected. */
final class Examples {
    private Examples() {
    }

    /** What {@code examples/invalid/expected.json} says about one invalid file. */
    record Expectation(String file, String why, String message) {
    }

    static Path dir() {
        return TestFiles.projectDir().resolve("examples");
    }

    static List<Path> valid() {
        return TestFiles.jsonFiles(dir());
    }

    static List<Path> invalid() {
        return TestFiles.jsonFiles(dir().resolve("invalid"));
    }

    /** The expectations of {@code examples/invalid/expected.json}, by file name. */
    static Map<String, Expectation> expectations() {
        try {
            JsonNode root = new ObjectMapper().readTree(dir().resolve("invalid/expected.json").toFile());
            Map<String, Expectation> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("invalid").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), new Expectation(e.getKey(), e.getValue().path("why").asText(), e.getValue().path("message").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource itself and, for a Bundle, every entry resource. */
    static List<IBaseResource> withEntries(IBaseResource resource) {
        List<IBaseResource> out = new ArrayList<>();
        out.add(resource);
        if (resource instanceof IBaseBundle bundle) {
            out.addAll(BundleUtil.toListOfResources(TestFiles.FHIR, bundle));
        }
        return out;
    }

    /** Every profile claimed in meta.profile by the resource or (for a Bundle) its entries. */
    static Set<String> claimedProfiles(IBaseResource resource) {
        Set<String> out = new TreeSet<>();
        for (IBaseResource r : withEntries(resource)) {
            r.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).forEach(out::add);
        }
        return out;
    }
}
