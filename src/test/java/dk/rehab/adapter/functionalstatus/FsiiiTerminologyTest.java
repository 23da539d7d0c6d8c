package dk.rehab.adapter.functionalstatus;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own FSIII fragment and value sets against KL's published terminology, read from {@code ../shared} (never
 * copied into the repository): every code exists in KL's FSIII with the same display, every legacy code is the one KL
 * pairs with the UUID (KL's file lists every concept twice, by UUID and by legacy code, in the same order), and the § 140
 * areas are exactly KL's ValueSet Conditions140.
 */
@dk.rehab.adapter.support.RequiresShared
class FsiiiTerminologyTest {
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-.*");
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Map<String, String> KL_DISPLAY = new HashMap<>();
    private static final Map<String, String> KL_LEGACY = new HashMap<>();
    private static CodeSystem ours;

    @BeforeAll
    static void read() throws Exception {
        CodeSystem kl = FHIR.newJsonParser().parseResource(CodeSystem.class, Files.readString(dk.rehab.adapter.support.Shared.klTerminology().resolve("CodeSystem-FSIII.json")));
        List<CodeSystem.ConceptDefinitionComponent> flat = new ArrayList<>();
        flatten(kl.getConcept(), flat);
        List<CodeSystem.ConceptDefinitionComponent> uuids = flat.stream().filter(c -> UUID.matcher(c.getCode()).matches()).toList();
        List<CodeSystem.ConceptDefinitionComponent> legacy = flat.stream().filter(c -> !UUID.matcher(c.getCode()).matches()).toList();
        assertThat(uuids).hasSameSizeAs(legacy);
        for (int i = 0; i < uuids.size(); i++) {
            assertThat(legacy.get(i).getDisplay()).isEqualTo(uuids.get(i).getDisplay());
            KL_DISPLAY.put(uuids.get(i).getCode(), uuids.get(i).getDisplay());
            KL_LEGACY.put(uuids.get(i).getCode(), legacy.get(i).getCode());
        }
        ours = FHIR.newJsonParser().parseResource(CodeSystem.class, Files.readString(Path.of("profiles/CodeSystem-fsiii.json")));
    }

    private static void flatten(List<CodeSystem.ConceptDefinitionComponent> concepts, List<CodeSystem.ConceptDefinitionComponent> out) {
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            out.add(c);
            flatten(c.getConcept(), out);
        }
    }

    @Test
    void everyCodeOfOurFragmentIsKlsWithKlsDisplayAndLegacyCode() {
        List<CodeSystem.ConceptDefinitionComponent> concepts = new ArrayList<>();
        flatten(ours.getConcept(), concepts);
        assertThat(ours.getUrl()).isEqualTo(Canonical.CS_FSIII);
        assertThat(concepts).hasSizeGreaterThan(90);
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            assertThat(KL_DISPLAY).as(c.getCode()).containsEntry(c.getCode(), c.getDisplay());
            String legacy = c.getProperty().stream().filter(p -> p.getCode().equals("legacy-code")).findFirst().orElseThrow()
                    .getValue().primitiveValue();
            assertThat(legacy).as("legacy code of %s", c.getCode()).isEqualTo(KL_LEGACY.get(c.getCode()));
        }
    }

    @Test
    void everyValueSetUsesCodesOfOurFragmentWithKlsDisplay() throws Exception {
        for (String name : List.of("fsiii-areas", "fsiii-conditions-140", "fsiii-levels", "fsiii-performance", "fsiii-importance")) {
            ValueSet vs = FHIR.newJsonParser().parseResource(ValueSet.class, Files.readString(Path.of("profiles/ValueSet-" + name + ".json")));
            assertThat(vs.getCompose().getInclude()).allSatisfy(include -> {
                assertThat(include.getSystem()).isEqualTo(Canonical.CS_FSIII);
                assertThat(include.getConcept()).isNotEmpty().allSatisfy(c -> assertThat(KL_DISPLAY).containsEntry(c.getCode(), c.getDisplay()));
            });
        }
    }

    @Test
    void theSection140AreasAreExactlyKlsConditions140AndTheScaleIsKls() throws Exception {
        ValueSet kl;
        try (InputStream in = Files.newInputStream(dk.rehab.adapter.support.Shared.packages().resolve("kl.dk.fhir.rehab-2.2.0.tgz"))) {
            NpmPackage pkg = NpmPackage.fromPackage(in);
            try (InputStream vs = pkg.load("package", "ValueSet-Conditions140.json")) {
                kl = FHIR.newJsonParser().parseResource(ValueSet.class, vs);
            }
        }
        Set<String> klCodes = kl.getCompose().getInclude().stream().flatMap(i -> i.getConcept().stream()).map(c -> c.getCode())
                .collect(Collectors.toSet());
        ValueSet ours140 = FHIR.newJsonParser().parseResource(ValueSet.class, Files.readString(Path.of("profiles/ValueSet-fsiii-conditions-140.json")));
        Set<String> ourCodes = ours140.getCompose().getInclude().stream().flatMap(i -> i.getConcept().stream()).map(c -> c.getCode())
                .collect(Collectors.toSet());
        assertThat(ourCodes).hasSize(17).isEqualTo(klCodes);

        Fsiii fsiii = new Fsiii(FHIR);
        assertThat(List.of("9c5cfb57-a498-40e5-98a7-792bf5fb205b", "fcc16cb1-41f0-4832-b834-110fba0aaabe", "d984ad21-48fe-4619-845e-2aa0303048e7",
                "1ceef776-0cfa-4acd-b222-c5bb2424e0c1", "f4c9f159-5806-4c06-95e9-e69b83bab1a1", "d7ff926a-4955-478f-b300-0b0ec0785013"))
                .extracting(fsiii::levelNumber).containsExactly("0", "1", "2", "3", "4", "9");
        assertThat(fsiii.uuid("J3.8")).isEqualTo("51697715-965a-40f3-b4a5-819103bf9d49");
        assertThat(fsiii.isArea140(fsiii.uuid("J3.8"))).isFalse();
        assertThat(fsiii.uuid("B1")).isEqualTo("9c5cfb57-a498-40e5-98a7-792bf5fb205b");
    }
}
