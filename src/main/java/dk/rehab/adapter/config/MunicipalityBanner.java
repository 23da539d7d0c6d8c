package dk.rehab.adapter.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says at start-up which municipality the adapter serves (adapter.messaging.*) and which service catalogue it uses. */
@Component
public class MunicipalityBanner {
    private static final Logger LOG = LoggerFactory.getLogger(MunicipalityBanner.class);
    private final AdapterProperties properties;

    public MunicipalityBanner(AdapterProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        LOG.info(line(properties));
    }

    /** The start-up line: the municipality, its number, SOR and EAN as a receiver, and the catalogue. */
    public static String line(AdapterProperties properties) {
        AdapterProperties.Messaging m = properties.messaging();
        String catalogue = properties.catalogue() == null || properties.catalogue().file().isBlank()
                ? "the shipped catalogue (Ishøj-Vallensbæk)" : properties.catalogue().file();
        return "Serving " + m.municipalityName() + " (municipality number " + m.municipality() + "; receiver " + m.name()
                + ", SOR " + m.sor() + ", EAN " + m.ean() + "); service catalogue: " + catalogue;
    }
}
