package dk.rehab.adapter.catalogue;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.course.CourseCodes;
import dk.rehab.adapter.fhir.Canonical;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.UsageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The municipal service catalogue (ydelseskatalog): every package as a PlanDefinition ({@code rehab-package}).
 * Loaded once at start-up from {@code adapter.catalogue.file} (a FHIR Bundle of PlanDefinitions), or from the
 * catalogue shipped with the adapter ({@value #SHIPPED}, Ishøj and Vallensbæk's). A catalogue file that cannot be
 * read or breaks a rule stops the start-up with a message naming the file, the package and the element.
 */
@Component
public class ServiceCatalogue {
    public static final String SHIPPED = "catalogue/ishoej-vallensbaek.json";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCatalogue.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    public static final String USAGE_CONTEXT_SYSTEM = "http://terminology.hl7.org/CodeSystem/usage-context-type";

    private final Map<String, PlanDefinition> byId = new LinkedHashMap<>();
    private final Map<String, PlanDefinition> byUrl = new LinkedHashMap<>();
    private final String source;

    public ServiceCatalogue(AdapterProperties properties, FhirContext fhir) {
        String file = properties.catalogue().file();
        this.source = file == null || file.isBlank() ? "classpath:" + SHIPPED : file;
        List<PlanDefinition> packages;
        if (file != null && !file.isBlank() && !Files.isRegularFile(Path.of(file))) {
            throw new InvalidCatalogueException("the service catalogue " + source + " (adapter.catalogue.file) does not exist");
        }
        try (InputStream in = file == null || file.isBlank() ? ServiceCatalogue.class.getClassLoader().getResourceAsStream(SHIPPED)
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                throw new InvalidCatalogueException("the service catalogue " + source + " does not exist");
            }
            packages = parse(fhir, in, source);
        } catch (IOException e) {
            throw new InvalidCatalogueException("the service catalogue " + source + " cannot be read: " + e.getMessage());
        }
        Date loaded = Date.from(Instant.now());
        for (PlanDefinition p : packages) {
            p.getMeta().setVersionId("1").setLastUpdated(loaded);
            if (!p.getMeta().hasProfile(Canonical.PROFILE_PACKAGE)) {
                p.getMeta().addProfile(Canonical.PROFILE_PACKAGE);
            }
            p.setId("PlanDefinition/" + p.getIdElement().getIdPart());
            byId.put(p.getIdElement().getIdPart(), p);
            byUrl.put(p.getUrl(), p);
        }
        LOG.info("Service catalogue {}: {} packages", source, packages.size());
    }

    /** Thrown at start-up for a catalogue that cannot be used; the message says what is wrong and where. */
    public static class InvalidCatalogueException extends IllegalStateException {
        public InvalidCatalogueException(String message) {
            super(message);
        }
    }

    /** Parses and checks a catalogue; throws {@link InvalidCatalogueException} listing every problem. */
    public static List<PlanDefinition> parse(FhirContext fhir, InputStream in, String source) {
        Bundle bundle;
        try {
            bundle = fhir.newJsonParser().parseResource(Bundle.class, in);
        } catch (RuntimeException e) {
            throw new InvalidCatalogueException("the service catalogue " + source + " is not a FHIR JSON Bundle: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<PlanDefinition> packages = new ArrayList<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            String at = "Bundle.entry[" + i + "].resource";
            if (!(bundle.getEntry().get(i).getResource() instanceof PlanDefinition p)) {
                problems.add(at + ": every entry is a PlanDefinition");
                continue;
            }
            check(p, at + "(PlanDefinition/" + p.getIdElement().getIdPart() + ")", problems);
            if (p.hasUrl() && urls.put(p.getUrl(), at) != null) {
                problems.add(at + ".url: two packages have the url " + p.getUrl());
            }
            packages.add(p);
        }
        if (packages.isEmpty() && problems.isEmpty()) {
            problems.add("Bundle.entry: the catalogue holds no package");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCatalogueException("the service catalogue " + source + " is invalid:\n  " + String.join("\n  ", problems));
        }
        return packages;
    }

    private static void check(PlanDefinition p, String at, List<String> problems) {
        if (!p.hasIdElement() || p.getIdElement().getIdPart() == null || !ID.matcher(p.getIdElement().getIdPart()).matches()) {
            problems.add(at + ".id: a package needs an id (letters, digits, '-', '.')");
        }
        if (!p.hasUrl() || !p.getUrl().startsWith("http")) {
            problems.add(at + ".url: a package needs a canonical url");
        }
        if (!p.hasName()) {
            problems.add(at + ".name: required");
        }
        if (!p.hasTitle()) {
            problems.add(at + ".title: required");
        }
        if (!p.hasStatus()) {
            problems.add(at + ".status: required");
        }
        String group = diagnosisGroup(p);
        if (group == null) {
            problems.add(at + ".useContext: a package needs a useContext 'focus' with the diagnosis group (" + Canonical.CS_DIAGNOSIS_GROUPS + ")");
        } else if (!CourseCodes.DIAGNOSIS_GROUPS.containsKey(group)) {
            problems.add(at + ".useContext: unknown diagnosis group '" + group + "'");
        }
        Extension modality = p.getExtensionByUrl(Canonical.EXT_PACKAGE_MODALITY);
        if (modality == null || !(modality.getValue() instanceof Coding c) || !Canonical.CS_PACKAGE_MODALITIES.equals(c.getSystem())
                || !(c.getCode() != null && CourseCodes.PACKAGE_MODALITIES.containsKey(c.getCode()))) {
            problems.add(at + ".extension('" + Canonical.EXT_PACKAGE_MODALITY + "'): the modality (check-ins, individual, group, combination) is required");
        }
        int assessments = 0;
        int training = 0;
        for (int i = 0; i < p.getAction().size(); i++) {
            PlanDefinitionActionComponent action = p.getAction().get(i);
            String where = at + ".action[" + i + "]";
            String type = sessionType(action);
            if (type == null || !CourseCodes.SESSION_TYPES.containsKey(type)) {
                problems.add(where + ".code: a session type from " + Canonical.CS_SESSION_TYPES + " is required");
                continue;
            }
            if (type.equals("assessment")) {
                assessments++;
                if (!(action.getTiming() instanceof Duration d) || !d.hasValue() || d.getValue().signum() <= 0 || !"min".equals(d.getCode())) {
                    problems.add(where + ".timingDuration: the initial assessment's minutes are required (code 'min')");
                }
                continue;
            }
            training++;
            Extension max = action.getExtensionByUrl(Canonical.EXT_MAX_SESSIONS);
            if (max == null || !(max.getValue() instanceof DecimalType n) || !n.hasValue() || n.getValue().signum() <= 0) {
                problems.add(where + ".extension('" + Canonical.EXT_MAX_SESSIONS + "'): the maximum number of sessions (positive valueDecimal) is required");
            }
            if (!(action.getTiming() instanceof Timing t) || !t.getRepeat().hasDuration() || t.getRepeat().getDuration().signum() <= 0
                    || t.getRepeat().getDurationUnit() != Timing.UnitsOfTime.MIN) {
                problems.add(where + ".timingTiming.repeat: the minutes per session (duration, durationUnit 'min') are required");
            }
        }
        if (assessments != 1) {
            problems.add(at + ".action: exactly one action is the initial assessment (code 'assessment')");
        }
        if (training == 0) {
            problems.add(at + ".action: at least one training action (individual, group or check-in)");
        }
    }

    /** The session type code of a package action. */
    public static String sessionType(PlanDefinitionActionComponent action) {
        return action.getCode().stream().flatMap(cc -> cc.getCoding().stream())
                .filter(c -> Canonical.CS_SESSION_TYPES.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    }

    /** The diagnosis group code of a package (its useContext 'focus'). */
    public static String diagnosisGroup(PlanDefinition p) {
        for (UsageContext context : p.getUseContext()) {
            if (USAGE_CONTEXT_SYSTEM.equals(context.getCode().getSystem()) && "focus".equals(context.getCode().getCode())
                    && context.getValue() instanceof CodeableConcept cc) {
                for (Coding coding : cc.getCoding()) {
                    if (Canonical.CS_DIAGNOSIS_GROUPS.equals(coding.getSystem())) {
                        return coding.getCode();
                    }
                }
            }
        }
        return null;
    }

    /** Sessions per session type the package allows (the catalogue's maximum, rounded down: 17.5 allows 17). */
    public static Map<String, Integer> limits(PlanDefinition p) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (PlanDefinitionActionComponent action : p.getAction()) {
            String type = sessionType(action);
            Extension max = action.getExtensionByUrl(Canonical.EXT_MAX_SESSIONS);
            if (type != null && max != null && max.getValue() instanceof DecimalType n) {
                limits.merge(type, n.getValue().intValue(), Integer::sum);
            }
        }
        return limits;
    }

    public static int totalSessions(PlanDefinition p) {
        return limits(p).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The package a canonical names ({@code url} or {@code url|version}). */
    public Optional<PlanDefinition> find(String canonical) {
        if (canonical == null) {
            return Optional.empty();
        }
        int bar = canonical.indexOf('|');
        String url = bar < 0 ? canonical : canonical.substring(0, bar);
        PlanDefinition p = byUrl.get(url);
        if (p == null || bar >= 0 && p.hasVersion() && !p.getVersion().equals(canonical.substring(bar + 1))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    public Optional<PlanDefinition> byId(String id) {
        return Optional.ofNullable(byId.get(id)).map(PlanDefinition::copy);
    }

    /** Every package, in catalogue order (copies: callers may change them). */
    public List<PlanDefinition> all() {
        return byId.values().stream().map(PlanDefinition::copy).toList();
    }

    public String source() {
        return source;
    }
}
