package dk.rehab.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The shipped configuration describes one municipality: Ishøj (0183), whose catalogue is shipped. */
class ShippedMunicipalityTest {

    @Test
    void theShippedApplicationYmlAndTheDefaultsAreIshoej() throws Exception {
        List<PropertySource<?>> yml = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));
        for (AdapterProperties p : List.of(bind(new Binder(ConfigurationPropertySources.from(yml))), defaults())) {
            assertThat(p.messaging().municipality()).isEqualTo("0183");
            assertThat(p.messaging().municipalityName()).isEqualTo("Ishøj Kommune");
            assertThat(p.messaging().isMunicipality("183")).isTrue();
            assertThat(p.messaging().isMunicipality("0183")).isTrue();
            assertThat(p.messaging().isMunicipality("461")).as("Odense").isFalse();
            assertThat(p.catalogue().file()).as("the shipped catalogue, Ishøj-Vallensbæk's").isEmpty();
        }
        assertThat(dk.rehab.adapter.catalogue.ServiceCatalogue.SHIPPED).contains("ishoej-vallensbaek");
    }

    @Test
    void theStartUpLineNamesTheMunicipalityServed() {
        assertThat(MunicipalityBanner.line(defaults()))
                .startsWith("Serving Ishøj Kommune (municipality number 0183;")
                .contains("the shipped catalogue (Ishøj-Vallensbæk)");
    }

    private static AdapterProperties defaults() {
        return bind(new Binder(new MapConfigurationPropertySource(java.util.Map.of())));
    }

    /** The two parts the municipality is made of: the messaging receiver and the catalogue. */
    private static AdapterProperties bind(Binder binder) {
        return new AdapterProperties(java.time.ZoneId.of("Europe/Copenhagen"), null, null, null,
                binder.bindOrCreate("adapter.messaging", AdapterProperties.Messaging.class), null,
                binder.bindOrCreate("adapter.catalogue", AdapterProperties.Catalogue.class));
    }
}
