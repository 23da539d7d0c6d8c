package dk.rehab.adapter.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.validation.ProfileValidator;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Rules that hold for every element of every resource, checked in one walk over the resource:
 * <ul>
 *   <li>which extensions a resource may carry — the same rule the profile validator applies: the adapter's own
 *       plan extensions on a ServiceRequest, core FHIR extensions, and extensions of the Danish IGs (KL, DK Core,
 *       MedCom). Anything else — a misspelt URL, another vendor's extension — is refused, and so is every
 *       modifierExtension (none is defined), because the adapter could not keep its meaning;</li>
 *   <li>the core invariants a hospital's data most often breaks: an extension has a value or sub-extensions, not
 *       both (ext-1); a Period does not end before it starts (per-1).</li>
 * </ul>
 */
@Component
public class ExtensionPolicy {
    private static final Set<String> PLAN_EXTENSIONS = Set.of(Canonical.EXT_PRECONDITION_DATE, Canonical.EXT_STATUS_REASON,
            Canonical.EXT_FINAL_STATUS_RECEIVER, Canonical.EXT_GP_COPY, Canonical.EXT_CITIZEN_CONSENT,
            Canonical.EXT_HOSPITAL_START_REQUIREMENT, Canonical.EXT_CONTACT_DEADLINE, Canonical.EXT_START_DEADLINE,
            Canonical.EXT_FREE_CHOICE_DATE, Canonical.EXT_MUNICIPAL_RESPONSIBILITY, Canonical.EXT_TRANSFERRED_FROM);
    private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";
    /** The adapter's own extensions each resource type may carry at its root (besides the plan's). */
    private static final java.util.Map<String, Set<String>> OWN_EXTENSIONS = java.util.Map.of(
            "EpisodeOfCare", Set.of(Canonical.EXT_COURSE_LEGAL_BASIS, Canonical.EXT_COURSE_END_REASON, Canonical.EXT_COURSE_PACKAGE,
                    Canonical.EXT_EXTRA_SESSIONS, Canonical.EXT_SESSION_USAGE, Canonical.EXT_REASSESSMENT,
                    dk.rehab.adapter.notification.Notifications.EXT_STAY),
            "Appointment", Set.of(Canonical.EXT_COURSE, Canonical.EXT_SESSION_PLACE),
            "HealthcareService", Set.of(Canonical.EXT_TEAM_CAPACITY),
            "Observation", Set.of(Canonical.EXT_COURSE, Canonical.EXT_ASSESSMENT_PHASE),
            // a Jobcenter referral (SEL § 86.1) carries its legal basis
            "ServiceRequest", Set.of(Canonical.EXT_COURSE_LEGAL_BASIS));

    /** The adapter's extensions a resource may carry more than once (every other one, and every sub-extension, at most once). */
    private static final Set<String> REPEATABLE = Set.of(Canonical.EXT_FINAL_STATUS_RECEIVER, Canonical.EXT_EXTRA_SESSIONS,
            dk.rehab.adapter.notification.Notifications.EXT_STAY,
            Canonical.EXT_VISITATION_CATEGORY);
    /** Extensions outside the adapter's namespace that its profiles allow at most once at the root. */
    private static final Set<String> SINGLE_FOREIGN = Set.of(Canonical.EXT_PRECONDITION_DATE, Canonical.EXT_STATUS_REASON);

    /** The longest identifier system or value the adapter keeps (and finds resources by). */
    static final int MAX_IDENTIFIER_PART = 255;

    private final FhirContext fhir;

    public ExtensionPolicy(FhirContext fhir) {
        this.fhir = fhir;
    }

    /**
     * Refuses at once a resource that repeats an extension its profile allows once (e.g. {@code gp-copy} twice) or a
     * sub-extension of one of the adapter's extensions (e.g. {@code wanted} twice): its value is ambiguous, so no rule
     * can read it. Called before the type's rules, which read such extensions as single values.
     */
    public void requireSingleExtensions(DomainResource resource, String at) {
        Problems problems = new Problems();
        repeated(resource.getExtension(), at, true, problems);
        for (int i = 0; i < resource.getExtension().size(); i++) {
            Extension extension = resource.getExtension().get(i);
            if (extension.getUrl() != null && extension.getUrl().startsWith(Canonical.BASE)) {
                repeated(extension.getExtension(), at + ".extension[" + i + "]", false, problems);
            }
        }
        problems.throwIfAny();
    }

    private static void repeated(List<Extension> extensions, String at, boolean root, Problems problems) {
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int i = 0; i < extensions.size(); i++) {
            String url = extensions.get(i).getUrl();
            boolean single = !root || url != null && (url.startsWith(Canonical.BASE) && !REPEATABLE.contains(url) || SINGLE_FOREIGN.contains(url));
            if (url == null || !single) {
                continue;
            }
            Integer earlier = first.putIfAbsent(url, i);
            if (earlier != null) {
                problems.add(ErrorCode.INVALID_VALUE, "the extension " + url + " is allowed once but appears again (first at extension["
                        + earlier + "])", at + ".extension[" + i + "]");
            }
        }
    }

    public void check(Resource resource, String at, Problems problems) {
        walk(resource, at, problems, true, "ServiceRequest".equals(resource.fhirType()), resource.fhirType());
    }

    private void walk(Base base, String path, Problems problems, boolean root, boolean plan) {
        walk(base, path, problems, root, plan, null);
    }

    private void walk(Base base, String path, Problems problems, boolean root, boolean plan, String type) {
        List<Extension> extensions = base instanceof DomainResource dr ? dr.getExtension()
                : base instanceof Element el ? el.getExtension() : List.of();
        if (base instanceof org.hl7.fhir.r4.model.Identifier identifier) {
            if (identifier.hasSystem() && identifier.getSystem().length() > MAX_IDENTIFIER_PART) {
                problems.add(ErrorCode.INVALID_IDENTIFIER, "an identifier's system has at most " + MAX_IDENTIFIER_PART + " characters", path + ".system");
            }
            if (identifier.hasValue() && identifier.getValue().length() > MAX_IDENTIFIER_PART) {
                problems.add(ErrorCode.INVALID_IDENTIFIER, "an identifier's value has at most " + MAX_IDENTIFIER_PART + " characters", path + ".value");
            }
        }
        if (base instanceof Period period && period.hasStart() && period.hasEnd() && period.getEnd().before(period.getStart())) {
            problems.add(ErrorCode.INVALID_VALUE, "the period ends before it starts (per-1)", path);
        }
        for (int i = 0; i < extensions.size(); i++) {
            Extension extension = extensions.get(i);
            if (extension.hasValue() == extension.hasExtension()) {
                problems.add(ErrorCode.INVALID_VALUE, "an extension has either a value or sub-extensions (ext-1)", path + ".extension[" + i + "]");
            }
            for (int j = 0; j < extension.getExtension().size(); j++) {
                if (extension.getExtension().get(j).hasValue() == extension.getExtension().get(j).hasExtension()) {
                    problems.add(ErrorCode.INVALID_VALUE, "an extension has either a value or sub-extensions (ext-1)",
                            path + ".extension[" + i + "].extension[" + j + "]");
                }
            }
            String url = extension.getUrl();
            if (!allowed(url, root && plan) && !(root && OWN_EXTENSIONS.getOrDefault(type, Set.of()).contains(url))) {
                problems.add(ErrorCode.INVALID_VALUE, "the extension " + url + " is not known here: "
                        + (url != null && url.startsWith(Canonical.BASE)
                        ? "the adapter's own extensions belong on the resources their definitions name (see profiles/README.md)"
                        : "use the extensions of the adapter's profiles, FHIR core or the Danish IGs"), path + ".extension[" + i + "]");
            }
        }
        boolean modifiers = base instanceof DomainResource dr ? dr.hasModifierExtension()
                : base instanceof BackboneElement be && be.hasModifierExtension();
        if (modifiers) {
            problems.add(ErrorCode.INVALID_VALUE, "modifier extensions are not accepted: none is defined for the adapter",
                    path + ".modifierExtension");
        }
        // The children through HAPI's model definitions (field accessors), not Base.children(): that builds a
        // Property with its definition texts for every child of every element, a twentieth of a message's garbage.
        BaseRuntimeElementDefinition<?> scanned = base instanceof Resource resource ? fhir.getResourceDefinition(resource)
                : fhir.getElementDefinition(base.getClass());
        if (!(scanned instanceof BaseRuntimeElementCompositeDefinition<?> definition)) {
            return;
        }
        for (BaseRuntimeChildDefinition property : definition.getChildren()) {
            String name = property.getElementName();
            if (name.equals("extension") || name.equals("modifierExtension")) {
                continue;
            }
            List<IBase> values = property.getAccessor().getValues(base);
            for (int i = 0; i < values.size(); i++) {
                if (!(values.get(i) instanceof Base child) || child instanceof Resource || child.isEmpty()) {
                    continue;
                }
                String childPath = path + "." + name + (values.size() > 1 || property.getMax() == -1 || property.getMax() > 1 ? "[" + i + "]" : "");
                if (child instanceof org.hl7.fhir.r4.model.PrimitiveType<?> primitive && hasControlCharacter(primitive.getValueAsString())) {
                    problems.add(ErrorCode.INVALID_VALUE, "the value holds a control character (such as U+0000), which no FHIR value may"
                            + " (only tab, carriage return and line feed)", childPath);
                }
                if (!child.isPrimitive() || child instanceof Element el && el.hasExtension()) {
                    walk(child, childPath, problems, false, plan);
                }
            }
        }
    }

    /** Whether {@code text} holds a C0 control character other than tab, CR and LF (FHIR's string type excludes them). */
    public static boolean hasControlCharacter(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    private static boolean allowed(String url, boolean planRoot) {
        if (url == null) {
            return false;
        }
        if (PLAN_EXTENSIONS.contains(url)) {
            return planRoot || url.startsWith(CORE);
        }
        if (url.startsWith(Canonical.BASE)) {
            return false;
        }
        return url.startsWith(CORE) || ProfileValidator.THIRD_PARTY_EXTENSION_DOMAINS.stream().anyMatch(url::startsWith);
    }
}
