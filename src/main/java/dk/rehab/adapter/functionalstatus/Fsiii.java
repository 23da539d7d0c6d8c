package dk.rehab.adapter.functionalstatus;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;

/**
 * The FSIII codes the adapter uses, read once from its own published fragment ({@code profiles/CodeSystem-fsiii.json}
 * and the FSIII ValueSets), so the rules in code and the profiles can never disagree. Each concept's legacy code
 * (property {@code legacy-code}) is accepted on input and mapped to its UUID code, which is what is stored
 * (KL: new data uses UUIDs). A test checks every code and display against KL's own code system.
 */
@Component
public class Fsiii {
    private final Map<String, String> display = new HashMap<>();
    private final Map<String, String> legacyToUuid = new HashMap<>();
    private final Set<String> areas;
    private final Set<String> areas140;
    private final Map<String, String> levels;
    private final Set<String> performance;
    private final Set<String> importance;

    public Fsiii(FhirContext fhir) {
        CodeSystem cs = read(fhir, CodeSystem.class, "CodeSystem-fsiii.json");
        flatten(cs.getConcept());
        areas = codes(read(fhir, ValueSet.class, "ValueSet-fsiii-areas.json"));
        areas140 = codes(read(fhir, ValueSet.class, "ValueSet-fsiii-conditions-140.json"));
        levels = new LinkedHashMap<>();
        for (String code : codes(read(fhir, ValueSet.class, "ValueSet-fsiii-levels.json"))) {
            levels.put(code, display.get(code));
        }
        performance = codes(read(fhir, ValueSet.class, "ValueSet-fsiii-performance.json"));
        importance = codes(read(fhir, ValueSet.class, "ValueSet-fsiii-importance.json"));
    }

    /** The UUID code for a UUID or legacy code the adapter knows, or null. */
    public String uuid(String code) {
        if (code == null) {
            return null;
        }
        if (display.containsKey(code)) {
            return code;
        }
        return legacyToUuid.get(code);
    }

    public String display(String uuid) {
        return display.get(uuid);
    }

    public boolean isArea(String uuid) {
        return areas.contains(uuid);
    }

    public boolean isArea140(String uuid) {
        return areas140.contains(uuid);
    }

    public Set<String> areas140() {
        return areas140;
    }

    public boolean isLevel(String uuid) {
        return levels.containsKey(uuid);
    }

    /** The level as written on the scale: "0" … "4" or "9". */
    public String levelNumber(String uuid) {
        return levels.get(uuid);
    }

    /** Every level code with its number (0–4, 9), in the value set's order. */
    public Map<String, String> levelNumbers() {
        return java.util.Collections.unmodifiableMap(levels);
    }

    public boolean isPerformance(String uuid) {
        return performance.contains(uuid);
    }

    public boolean isImportance(String uuid) {
        return importance.contains(uuid);
    }

    private void flatten(List<CodeSystem.ConceptDefinitionComponent> concepts) {
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            display.put(c.getCode(), c.getDisplay());
            c.getProperty().stream().filter(p -> "legacy-code".equals(p.getCode()))
                    .forEach(p -> legacyToUuid.put(p.getValue().primitiveValue(), c.getCode()));
            flatten(c.getConcept());
        }
    }

    private static Set<String> codes(ValueSet vs) {
        Set<String> codes = new LinkedHashSet<>();
        vs.getCompose().getInclude().forEach(i -> i.getConcept().forEach(c -> codes.add(c.getCode())));
        return codes;
    }

    private static <T extends org.hl7.fhir.r4.model.Resource> T read(FhirContext fhir, Class<T> type, String file) {
        try (InputStream in = Fsiii.class.getClassLoader().getResourceAsStream("profiles/" + file)) {
            if (in == null) {
                throw new IllegalStateException("profiles/" + file + " is not on the classpath");
            }
            return fhir.newJsonParser().parseResource(type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read profiles/" + file, e);
        }
    }
}
