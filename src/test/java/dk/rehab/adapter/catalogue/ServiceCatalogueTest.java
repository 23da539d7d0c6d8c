package dk.rehab.adapter.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.config.FhirContexts;
import dk.rehab.adapter.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The shipped service catalogue holds every package of the seed, a municipality's file replaces it, and a bad file stops the start. */
class ServiceCatalogueTest {
    static List<PlanDefinition> shipped() {
        InputStream in = ServiceCatalogueTest.class.getClassLoader().getResourceAsStream(ServiceCatalogue.SHIPPED);
        return ServiceCatalogue.parse(FhirContexts.shared(), in, "shipped");
    }

    static PlanDefinition pkg(String id) {
        return shipped().stream().filter(p -> p.getIdElement().getIdPart().equals(id)).findFirst().orElseThrow();
    }

    static int initial(PlanDefinition p) {
        return p.getAction().stream().filter(a -> "assessment".equals(ServiceCatalogue.sessionType(a))).findFirst().orElseThrow()
                .getTimingDuration().getValue().intValue();
    }

    static int minutes(PlanDefinition p, String type) {
        return p.getAction().stream().filter(a -> type.equals(ServiceCatalogue.sessionType(a))).findFirst().orElseThrow()
                .getTimingTiming().getRepeat().getDuration().intValue();
    }

    @Test
    void everyPackageOfTheSeedWithItsFrame() {
        Map<String, Object[]> seed = new HashMap<>();
        // id -> {group, initial minutes, type, max sessions, minutes, success goal %}
        seed.put("geriatri-styrkehold", new Object[] {"geriatri", 60, "group", 24, 45, 80});
        seed.put("geriatri-balancehold", new Object[] {"geriatri", 120, "group", 20, 45, 80});
        seed.put("geriatri-individuel", new Object[] {"geriatri", 60, "individual", 12, 45, 80});
        seed.put("geriatri-kombination", new Object[] {"geriatri", 60, "group", 16, 45, 80});
        seed.put("underben-tjektider", new Object[] {"underben-ankel", 60, "check-in", 9, 30, 75});
        seed.put("underben-hold", new Object[] {"underben-ankel", 60, "group", 12, 60, 75});
        seed.put("knae-korsbaand-tjektider", new Object[] {"knae-korsbaand", 60, "check-in", 9, 30, 90});
        seed.put("knae-korsbaand-hold", new Object[] {"knae-korsbaand", 60, "group", 60, 60, 90});
        seed.put("knae-menisk-tjektider", new Object[] {"knae-menisk", 60, "check-in", 9, 30, 90});
        seed.put("knae-menisk-hold", new Object[] {"knae-menisk", 60, "group", 12, 60, 90});
        seed.put("knae-menisk-individuel", new Object[] {"knae-menisk", 60, "individual", 8, 45, 90});
        seed.put("knae-skade-tjektider", new Object[] {"knae-skade", 60, "check-in", 9, 30, 80});
        seed.put("knae-skade-hold", new Object[] {"knae-skade", 60, "group", 20, 60, 80});
        seed.put("knae-skade-individuel", new Object[] {"knae-skade", 60, "individual", 16, 45, 80});
        seed.put("knae-ledbaand-tjektider", new Object[] {"knae-ledbaand", 60, "check-in", 9, 30, 85});
        seed.put("knae-ledbaand-hold", new Object[] {"knae-ledbaand", 60, "group", 24, 60, 85});
        seed.put("knae-ledbaand-individuel", new Object[] {"knae-ledbaand", 60, "individual", 12, 45, 85});
        seed.put("knae-kunstigt-knaeled-tjektider", new Object[] {"knae-kunstigt-knaeled", 60, "check-in", 9, 30, 90});
        seed.put("knae-kunstigt-knaeled-hold", new Object[] {"knae-kunstigt-knaeled", 60, "group", 12, 60, 90});
        seed.put("knae-kunstigt-knaeled-individuel", new Object[] {"knae-kunstigt-knaeled", 60, "individual", 12, 45, 90});
        seed.put("knae-slidgigt-tjektider", new Object[] {"knae-slidgigt", 60, "check-in", 5, 30, 80});
        seed.put("knae-slidgigt-hold", new Object[] {"knae-slidgigt", 60, "group", 17, 60, 80});
        List<PlanDefinition> all = shipped();
        assertThat(all).extracting(p -> p.getIdElement().getIdPart()).containsExactlyInAnyOrderElementsOf(seed.keySet());
        for (PlanDefinition p : all) {
            Object[] e = seed.get(p.getIdElement().getIdPart());
            String id = p.getIdElement().getIdPart();
            assertThat(ServiceCatalogue.diagnosisGroup(p)).as(id).isEqualTo(e[0]);
            assertThat(initial(p)).as(id).isEqualTo(e[1]);
            assertThat(ServiceCatalogue.limits(p).get((String) e[2])).as(id).isEqualTo(e[3]);
            assertThat(minutes(p, (String) e[2])).as(id).isEqualTo(e[4]);
            assertThat(p.getGoalFirstRep().getTargetFirstRep().getDetailQuantity().getValue().intValue()).as(id).isEqualTo(e[5]);
            assertThat(p.getUsage()).as(id).isNotBlank();
        }
        PlanDefinition combination = pkg("geriatri-kombination");
        assertThat(ServiceCatalogue.limits(combination)).containsEntry("group", 16).containsEntry("individual", 6);
        Timing.TimingRepeatComponent frequency = combination.getAction().get(1).getTimingTiming().getRepeat();
        assertThat(frequency.getFrequency()).isEqualTo(2);
        assertThat(frequency.getFrequencyMax()).isEqualTo(3);
        assertThat(pkg("knae-slidgigt-hold").getAction().get(1).getExtensionFirstRep().getValue().primitiveValue()).isEqualTo("17.5");
        assertThat(pkg("underben-tjektider").getGoal()).hasSize(2);
        assertThat(pkg("geriatri-individuel").getUsage()).contains("Kategori 4");
        assertThat(pkg("geriatri-styrkehold").getUsage()).contains("Kategori 1");
        assertThat(pkg("geriatri-kombination").getUsage()).contains("Kategori 2").contains("Kategori 3");
        assertThat(pkg("underben-tjektider").getAction().get(1).getTimingTiming().getRepeat().getPeriod().intValue()).isEqualTo(3);
    }

    @Test
    void anInvalidCatalogueIsRefusedWithAMessageNamingThePackageAndTheElement() {
        String json = new String(readShipped(), StandardCharsets.UTF_8)
                .replaceFirst("\"code\": \"geriatri\"", "\"code\": \"geriatrix\"")
                .replaceFirst("\"valueDecimal\": 24", "\"valueDecimal\": 0");
        assertThatThrownBy(() -> ServiceCatalogue.parse(FhirContexts.shared(), new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json"))
                .isInstanceOf(ServiceCatalogue.InvalidCatalogueException.class)
                .hasMessageContaining("test.json is invalid")
                .hasMessageContaining("PlanDefinition/geriatri-styrkehold).useContext: unknown diagnosis group 'geriatrix'")
                .hasMessageContaining("PlanDefinition/geriatri-styrkehold).action[1].extension('http://rehab-adapter.dk/fhir/StructureDefinition/max-sessions')");
        assertThatThrownBy(() -> ServiceCatalogue.parse(FhirContexts.shared(), new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), "x.json"))
                .hasMessageContaining("x.json is not a FHIR JSON Bundle");
    }

    @Test
    void aMunicipalityFileReplacesTheCatalogueAndABadOneStopsTheStart() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "catalogue-test"));
        Path own = dir.resolve("own-" + UUID.randomUUID() + ".json");
        String json = new String(readShipped(), StandardCharsets.UTF_8);
        int cut = json.indexOf("{\n   \"fullUrl\": \"http://rehab-adapter.dk/fhir/PlanDefinition/geriatri-balancehold\"");
        assertThat(cut).isPositive();
        Files.writeString(own, json.substring(0, cut).replaceAll(",\\s*$", "") + "\n ]\n}\n");
        try (ConfigurableApplicationContext context = start(own)) {
            ServiceCatalogue catalogue = context.getBean(ServiceCatalogue.class);
            assertThat(catalogue.all()).extracting(p -> p.getIdElement().getIdPart()).containsExactly("geriatri-styrkehold");
            assertThat(catalogue.source()).isEqualTo(own.toString());
        }
        Path bad = dir.resolve("bad-" + UUID.randomUUID() + ".json");
        Files.writeString(bad, json.replaceFirst("\"code\": \"assessment\"", "\"code\": \"vurdering\""));
        assertThatThrownBy(() -> start(bad).close()).hasStackTraceContaining("is invalid")
                .hasStackTraceContaining("a session type from http://rehab-adapter.dk/fhir/CodeSystem/session-types is required");
        assertThatThrownBy(() -> start(dir.resolve("missing.json")).close()).hasStackTraceContaining("(adapter.catalogue.file) does not exist");
    }

    private static ConfigurableApplicationContext start(Path catalogue) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.h2("cat_" + UUID.randomUUID().toString().substring(0, 8)));
        properties.put("adapter.catalogue.file", catalogue.toString());
        properties.put("server.port", "0");
        return new SpringApplicationBuilder(RehabAdapterApplication.class).web(WebApplicationType.NONE).properties(properties).run();
    }

    private static byte[] readShipped() {
        try (InputStream in = ServiceCatalogueTest.class.getClassLoader().getResourceAsStream(ServiceCatalogue.SHIPPED)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
