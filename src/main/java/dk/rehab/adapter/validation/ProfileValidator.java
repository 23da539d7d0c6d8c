package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.util.BundleUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import dk.rehab.adapter.fhir.Canonical;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasModifierExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Full FHIR profile validation of one resource (or Bundle) against the project's profiles: HAPI's
 * {@link FhirValidator} with one {@link FhirInstanceValidator} over the chain of {@link ValidationSupportFactory},
 * built once and thread-safe.
 *
 * <p>A resource is validated against the base R4 definition and every profile in its {@code meta.profile}; a
 * Bundle's entries are validated against their own {@code meta.profile} and references between entries are
 * resolved inside the Bundle. {@link #validate(IBaseResource, String)} adds a profile the resource does not claim.
 *
 * <h2>Settings, and why</h2>
 * <ul>
 *   <li><b>Unknown profiles are warnings</b> ({@code errorForUnknownProfiles = false}): our instances also claim
 *       DK Core profiles, which the self-contained server does not carry; claiming them must not make a valid
 *       resource invalid. A claimed profile under our own base {@value Canonical#BASE} that the chain does not
 *       know is still an ERROR (checked here), so a misspelt {@code meta.profile} cannot silently skip our rules.</li>
 *   <li><b>Unknown extensions are errors, except from the Danish publishers' domains</b>
 *       ({@code anyExtensionsAllowed = false}, custom extension domains {@link #THIRD_PARTY_EXTENSION_DOMAINS}):
 *       a misspelt extension URL under our own base, or any other unexpected extension, is refused instead of
 *       passing with a warning. Extensions from KL, DK Core and MedCom are accepted when their definitions are
 *       not loaded (offline, without the Danish packages) and checked fully when they are. This is what lets
 *       KL's PreconditionDate (the discharge date) pass without KL's package: with
 *       {@code anyExtensionsAllowed = false} and no domain, HAPI reports it as an ERROR ("could not be found")
 *       even though rehab-plan slices it; with {@code anyExtensionsAllowed = true} every unknown extension,
 *       ours misspelt included, is only INFORMATION. rehab-plan defines the PreconditionDate slice inline
 *       (fixed url, value date), so its shape is checked even without KL's package.</li>
 *   <li><b>Unknown modifier extensions are always errors</b> (checked here): HAPI accepts an unknown
 *       {@code modifierExtension} silently when its URL is in an allowed domain, but a modifier may change the
 *       meaning of the resource, so it must not be accepted without its definition.</li>
 *   <li><b>Best-practice recommendations are ignored</b> (e.g. dom-6 "a resource should have narrative"): the
 *       adapter does not emit narrative; they would only be noise.</li>
 *   <li>Terminology checks stay on: codes are checked against our value sets (required bindings are errors).</li>
 * </ul>
 *
 * <p>Cost (2 shared cores): the first validation loads the core definitions and generates our snapshots
 * (7–8 s on an idle machine); after that a small resource takes about 15–20 ms, a four-resource plan Bundle
 * about 60 ms. Call {@link #warmUp()} once at start-up, before the server reports ready.
 */
public class ProfileValidator {

    /** Extension URL prefixes accepted even when their StructureDefinition is not loaded. */
    public static final List<String> THIRD_PARTY_EXTENSION_DOMAINS = List.of(
            "http://fhir.kl.dk/",
            "http://hl7.dk/fhir/",
            "http://medcomfhir.dk/");

    private static final Logger LOG = LoggerFactory.getLogger(ProfileValidator.class);

    private final FhirContext fhirContext;
    private final IValidationSupport validationSupport;
    private final FhirValidator validator;

    public ProfileValidator(FhirContext fhirContext, IValidationSupport validationSupport) {
        this.fhirContext = fhirContext;
        this.validationSupport = validationSupport;
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupport);
        instanceValidator.setErrorForUnknownProfiles(false);
        instanceValidator.setAnyExtensionsAllowed(false);
        instanceValidator.setCustomExtensionDomains(THIRD_PARTY_EXTENSION_DOMAINS);
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        instanceValidator.setNoTerminologyChecks(false);
        this.validator = fhirContext.newValidator();
        this.validator.setValidateAgainstStandardSchema(false);
        this.validator.setValidateAgainstStandardSchematron(false);
        this.validator.registerValidatorModule(instanceValidator);
    }

    /** Validates against the base definition and every profile the resource (and each Bundle entry) claims. */
    public ValidationResult validate(IBaseResource resource) {
        return validate(resource, null);
    }

    /**
     * Validates as {@link #validate(IBaseResource)} and, in addition, against {@code profileUrl} even if the
     * resource does not claim it (null = no extra profile).
     */
    public ValidationResult validate(IBaseResource resource, String profileUrl) {
        ValidationOptions options = new ValidationOptions();
        if (profileUrl != null) {
            options.addProfile(profileUrl);
        }
        ValidationResult result = validator.validateWithResult(resource, options);
        List<SingleValidationMessage> extra = new ArrayList<>(unknownOwnProfiles(resource, profileUrl));
        extra.addAll(unknownModifierExtensions(resource));
        if (extra.isEmpty()) {
            return result;
        }
        List<SingleValidationMessage> messages = new ArrayList<>(result.getMessages());
        messages.addAll(extra);
        return new ValidationResult(fhirContext, messages);
    }

    /** The ERROR and FATAL messages of {@link #validate(IBaseResource)}; empty means the resource conforms. */
    public List<SingleValidationMessage> errors(IBaseResource resource) {
        return errorsOf(validate(resource));
    }

    /** The ERROR and FATAL messages of a result. */
    public static List<SingleValidationMessage> errorsOf(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    /**
     * Pays the one-off cost (core definitions, snapshots of our four resource profiles) before the first request:
     * validates one small instance per profile. The outcome is ignored.
     */
    public void warmUp() {
        long start = System.nanoTime();
        for (String type : List.of("Patient", "Organization", "Condition", "ServiceRequest")) {
            IBaseResource resource = fhirContext.getResourceDefinition(type).newInstance();
            resource.getMeta().addProfile(switch (type) {
                case "Patient" -> Canonical.PROFILE_PATIENT;
                case "Organization" -> Canonical.PROFILE_ORGANIZATION;
                case "Condition" -> Canonical.PROFILE_CONDITION;
                default -> Canonical.PROFILE_PLAN;
            });
            validate(resource);
        }
        LOG.info("Profile validator warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private List<SingleValidationMessage> unknownModifierExtensions(IBaseResource resource) {
        Set<IBaseHasModifierExtensions> holders = Collections.newSetFromMap(new IdentityHashMap<>());
        if (resource instanceof IBaseHasModifierExtensions root) {
            holders.add(root);
        }
        for (IBase element : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, IBase.class)) {
            if (element instanceof IBaseHasModifierExtensions holder) {
                holders.add(holder);
            }
        }
        List<SingleValidationMessage> out = new ArrayList<>();
        for (IBaseHasModifierExtensions holder : holders) {
            for (IBaseExtension<?, ?> ext : holder.getModifierExtension()) {
                String url = ext.getUrl();
                if (url != null && validationSupport.fetchStructureDefinition(url) == null) {
                    out.add(error("rehab-unknown-modifier-extension", fhirContext.getResourceType(resource),
                            "Unknown modifier extension " + url + ": it may change the meaning of the element, so the resource cannot be accepted without its definition"));
                }
            }
        }
        return out;
    }

    private static SingleValidationMessage error(String id, String location, String text) {
        SingleValidationMessage m = new SingleValidationMessage();
        m.setSeverity(ResultSeverityEnum.ERROR);
        m.setLocationString(location);
        m.setMessageId(id);
        m.setMessage(text);
        return m;
    }

    private List<SingleValidationMessage> unknownOwnProfiles(IBaseResource resource, String extraProfile) {
        List<SingleValidationMessage> out = new ArrayList<>();
        List<IBaseResource> resources = new ArrayList<>();
        resources.add(resource);
        if (resource instanceof IBaseBundle bundle) {
            resources.addAll(BundleUtil.toListOfResources(fhirContext, bundle));
        }
        for (IBaseResource r : resources) {
            List<String> claimed = new ArrayList<>(r.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).toList());
            if (r == resource && extraProfile != null) {
                claimed.add(extraProfile);
            }
            for (String url : claimed) {
                if (url != null && url.startsWith(Canonical.BASE + "/") && validationSupport.fetchStructureDefinition(url) == null) {
                    out.add(error("rehab-unknown-profile", fhirContext.getResourceType(r) + ".meta.profile",
                            "Unknown profile " + url + ": it is under the adapter's canonical base but the adapter does not define it"));
                }
            }
        }
        return out;
    }
}
