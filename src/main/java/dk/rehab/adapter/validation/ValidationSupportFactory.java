package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.VersionUtilities;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the one {@link IValidationSupport} the adapter validates with: a {@link ValidationSupportChain} that
 * works offline with what the server carries.
 *
 * <h2>Chain order, and why</h2>
 * <ol>
 *   <li>{@link DefaultProfileValidationSupport} — HAPI's bundled FHIR R4 core definitions.</li>
 *   <li>Optional: the Danish FHIR packages ({@code *.tgz}) of an extra folder (DK Core, KL, MedCom), one
 *       {@link PrePopulatedValidationSupport}.</li>
 *   <li>The project's own conformance resources, read from the classpath folder {@code profiles/}
 *       ({@value #PROFILES_PATTERN}), one {@link PrePopulatedValidationSupport}.</li>
 *   <li>{@link CommonCodeSystemsTerminologyService} — languages, MIME types, UCUM, countries, currencies.</li>
 *   <li>{@link InMemoryTerminologyServerValidationSupport} — validates codes against the value sets and code
 *       systems above.</li>
 *   <li>{@link SnapshotGeneratingValidationSupport} — our profiles are differential-only; their snapshots are
 *       generated on first use (and cached by the chain, which caches by itself since HAPI 8.0).</li>
 * </ol>
 * A chain answers a fetch with the first module that has the resource. The only canonical URL our
 * {@code profiles/} share with the Danish packages is KL's code system
 * {@code http://fhir.kl.dk/term/CodeSystem/CareSocialCodes}: we ship a {@code content = fragment} copy of the codes
 * the adapter uses, so validation works without KL's package. The Danish packages therefore come <em>before</em>
 * our profiles: when KL's terminology package is loaded, KL's complete code system wins over our fragment. Both
 * agree on every code and display in the fragment (a test checks it against KL's published code system).
 *
 * <h2>Danish packages</h2>
 * Every {@code *.tgz} in the folder is read with {@link NpmPackage#fromPackage(InputStream)}; its
 * StructureDefinitions, ValueSets, CodeSystems and SearchParameters (folder {@code package/}, examples not included)
 * are loaded. When several versions of one package name are present (DK Core 3.2.0 and 3.7.0 define the same
 * canonical URLs), only the newest is loaded. Package dependencies are <em>not</em> resolved or downloaded:
 * a dependency that is not in the folder (hl7.terminology, hl7.fhir.uv.extensions, ipa, phd, mhd, xver) is simply
 * absent (the loader logs which). Loading never fails for it, and the packages ship snapshots, so their profiles
 * are usable without the missing bases (e.g. DK Core 3.7.0's profiles validate fully without hl7.terminology,
 * uv.extensions, ipa, phd, mhd or xver). The consequences show up only when an instance uses what is missing: a
 * code from a code system that is not loaded is a WARNING ("CodeSystem is unknown and can't be validated"), an
 * extension defined only in a missing package falls under the unknown-extension rules of
 * {@link ProfileValidator}, and a profile that is not loaded at all is a WARNING that it was not checked. If two
 * loaded packages define the same canonical URL (medcom.fhir.dk.terminology and kl.dk.fhir.term both define
 * {@code urn:oid:1.2.208.176.2.1}), the first in package-name order is kept and the clash is logged.
 *
 * <p>Plain class, no Spring annotations: the server wires it. Building the chain is cheap; the expensive part
 * (loading the core definitions, 7–8 s) happens on the first validation, see {@link ProfileValidator#warmUp()}.
 */
public final class ValidationSupportFactory {

    /** Where the project's own profiles are on the classpath (the pom copies {@code /profiles} there). */
    public static final String PROFILES_PATTERN = "classpath*:profiles/*.json";

    private static final Logger LOG = LoggerFactory.getLogger(ValidationSupportFactory.class);
    private static final Set<String> LOADED_TYPES = Set.of("StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter");

    private final FhirContext fhirContext;
    private final List<String> loadedPackages = new ArrayList<>();

    public ValidationSupportFactory(FhirContext fhirContext) {
        if (fhirContext.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("The rehab profiles are FHIR R4; got a " + fhirContext.getVersion().getVersion() + " context");
        }
        this.fhirContext = fhirContext;
    }

    /**
     * Builds the chain.
     *
     * @param packageFolder a folder of FHIR packages ({@code *.tgz}) to load as well, or empty for the
     *                      self-contained chain (core R4 + {@code profiles/} only)
     * @throws IllegalArgumentException if the folder is given but is not a directory
     */
    public IValidationSupport create(Optional<Path> packageFolder) {
        List<IValidationSupport> modules = new ArrayList<>();
        modules.add(new DefaultProfileValidationSupport(fhirContext));
        packageFolder.ifPresent(folder -> modules.add(loadPackages(folder)));
        modules.add(loadProjectProfiles());
        modules.add(new CommonCodeSystemsTerminologyService(fhirContext));
        modules.add(new InMemoryTerminologyServerValidationSupport(fhirContext));
        modules.add(new SnapshotGeneratingValidationSupport(fhirContext));
        return new ValidationSupportChain(modules);
    }

    /** {@code name#version} of every package the last {@link #create} loaded, in load order. */
    public List<String> loadedPackages() {
        return Collections.unmodifiableList(loadedPackages);
    }

    /** The project's own StructureDefinitions, ValueSets, CodeSystems and SearchParameters from the classpath. */
    public PrePopulatedValidationSupport loadProjectProfiles() {
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
        IParser parser = fhirContext.newJsonParser();
        Resource[] files;
        try {
            files = new PathMatchingResourcePatternResolver().getResources(PROFILES_PATTERN);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + PROFILES_PATTERN, e);
        }
        if (files.length == 0) {
            throw new IllegalStateException("No profiles found at " + PROFILES_PATTERN + " (is the profiles/ folder on the classpath?)");
        }
        for (Resource file : files) {
            try (InputStream in = file.getInputStream()) {
                // Our own files must parse: a broken profile is a build error, not something to skip.
                add(support, parser.parseResource(in), file.getDescription());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file.getDescription(), e);
            }
        }
        LOG.info("Loaded {} project conformance resources from {}", files.length, PROFILES_PATTERN);
        return support;
    }

    /**
     * Loads the newest version of each FHIR package in {@code folder} (see the class documentation for what
     * happens to dependencies that are not there).
     */
    public PrePopulatedValidationSupport loadPackages(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("FHIR package folder " + folder.toAbsolutePath() + " does not exist or is not a directory");
        }
        Map<String, NpmPackage> newest = new TreeMap<>();
        for (Path tgz : listPackages(folder)) {
            NpmPackage pkg = readPackage(tgz);
            if (pkg == null) {
                continue;
            }
            NpmPackage other = newest.get(pkg.name());
            if (other == null || VersionUtilities.compareVersions(pkg.version(), other.version()) > 0) {
                if (other != null) {
                    LOG.info("Package {}#{} ignored: {} is newer", other.name(), other.version(), pkg.version());
                }
                newest.put(pkg.name(), pkg);
            } else {
                LOG.info("Package {}#{} ignored: {} is newer", pkg.name(), pkg.version(), other.version());
            }
        }

        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
        IParser parser = fhirContext.newJsonParser();
        Map<String, String> origin = new HashMap<>();
        loadedPackages.clear();
        for (NpmPackage pkg : newest.values()) {
            String id = pkg.name() + "#" + pkg.version();
            int count = 0;
            try {
                for (String file : pkg.listResources(LOADED_TYPES.toArray(new String[0]))) {
                    IBaseResource resource = parseOrNull(parser, pkg, file);
                    if (resource == null) {
                        continue;
                    }
                    String url = fhirContext.newTerser().getSinglePrimitiveValueOrNull(resource, "url");
                    String first = url == null ? null : origin.putIfAbsent(url, id);
                    if (first != null) {
                        LOG.info("{} in {} ignored: {} already defines it", url, id, first);
                        continue;
                    }
                    add(support, resource, id + "/" + file);
                    count++;
                }
            } catch (IOException e) {
                LOG.warn("Cannot list the resources of package {}: {}", id, e.getMessage());
            }
            List<String> missing = new ArrayList<>();
            for (String dep : pkg.dependencies()) {
                String depName = dep.contains("#") ? dep.substring(0, dep.indexOf('#')) : dep;
                if (!depName.equals("hl7.fhir.r4.core") && !newest.containsKey(depName)) {
                    missing.add(dep);
                }
            }
            loadedPackages.add(id);
            LOG.info("Loaded {} conformance resources from {}{}", count, id,
                    missing.isEmpty() ? "" : "; dependencies not available offline (left out): " + missing);
        }
        return support;
    }

    private static List<Path> listPackages(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    private static NpmPackage readPackage(Path tgz) {
        try (InputStream in = Files.newInputStream(tgz)) {
            return NpmPackage.fromPackage(in);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping {}: not a readable FHIR package ({})", tgz, e.getMessage());
            return null;
        }
    }

    private static IBaseResource parseOrNull(IParser parser, NpmPackage pkg, String file) {
        try (InputStream in = pkg.loadResource(file)) {
            return parser.parseResource(in);
        } catch (IOException | DataFormatException e) {
            LOG.warn("Skipping {} in {}#{}: {}", file, pkg.name(), pkg.version(), e.getMessage());
            return null;
        }
    }

    private void add(PrePopulatedValidationSupport support, IBaseResource resource, String source) {
        switch (fhirContext.getResourceType(resource)) {
            case "StructureDefinition" -> support.addStructureDefinition(resource);
            case "ValueSet" -> support.addValueSet(resource);
            case "CodeSystem" -> support.addCodeSystem(resource);
            case "SearchParameter" -> support.addSearchParameter(resource);
            default -> LOG.debug("Ignoring {} ({}): not a conformance resource the validator uses", source, fhirContext.getResourceType(resource));
        }
    }
}
