package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;
import dk.rehab.adapter.fhir.Canonical;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance resources in {@code profiles/}: well-formed, under our canonical base, usable, and exemplified. */
class ProfilesTest {

    private static IValidationSupport support;
    private static ProfileValidator validator;

    @BeforeAll
    static void buildChain() {
        support = new ValidationSupportFactory(TestFiles.FHIR).create(Optional.empty());
        validator = new ProfileValidator(TestFiles.FHIR, support);
    }

    static List<Path> profileFiles() {
        return TestFiles.jsonFiles(TestFiles.projectDir().resolve("profiles"));
    }

    static List<Path> structureDefinitionFiles() {
        return profileFiles().stream().filter(p -> p.getFileName().toString().startsWith("StructureDefinition-")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profileFiles")
    void parsesAndIsUnderOurCanonicalBase(Path file) {
        IBaseResource resource = TestFiles.parse(file);
        FhirTerser terser = TestFiles.FHIR.newTerser();
        String type = TestFiles.FHIR.getResourceType(resource);
        String id = resource.getIdElement().getIdPart();
        String url = terser.getSinglePrimitiveValueOrNull(resource, "url");
        assertAll(
                () -> assertEquals(type + "-" + id + ".json", file.getFileName().toString(), "file name is <ResourceType>-<id>.json"),
                () -> assertEquals("active", terser.getSinglePrimitiveValueOrNull(resource, "status")),
                () -> assertFalse(String.valueOf(terser.getSinglePrimitiveValueOrNull(resource, "description")).isBlank(), "description"),
                () -> {
                    if (Canonical.CS_CARE_SOCIAL.equals(url) || Canonical.CS_FSIII.equals(url)) {
                        // The exceptions: our fragments of KL's code systems keep KL's URLs.
                        assertEquals(CodeSystem.CodeSystemContentMode.FRAGMENT, ((CodeSystem) resource).getContent());
                    } else {
                        assertEquals(Canonical.BASE + "/" + type + "/" + id, url, "url = <base>/<ResourceType>/<id>");
                        assertEquals("0.1.0", terser.getSinglePrimitiveValueOrNull(resource, "version"));
                    }
                });
        if (resource instanceof org.hl7.fhir.r4.model.StructureDefinition sd) {
            assertAll(
                    () -> assertEquals("4.0.1", sd.getFhirVersion().toCode()),
                    () -> assertEquals("http://hl7.org/fhir/StructureDefinition/" + sd.getType(), sd.getBaseDefinition(),
                            "self-contained: built on the core R4 definition"),
                    () -> assertFalse(sd.hasSnapshot(), "hand-written differential only"));
        }
    }

    static List<Path> terminologyAndSearchFiles() {
        return profileFiles().stream().filter(p -> !p.getFileName().toString().startsWith("StructureDefinition-")).toList();
    }

    /**
     * CodeSystems, ValueSets and SearchParameters validate against core R4. (StructureDefinitions are checked by the
     * snapshot test below instead: HAPI's validator checks a StructureDefinition by loading the hl7.fhir.r4.core
     * package, which it tries to download.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("terminologyAndSearchFiles")
    void conformanceResourceIsValidR4(Path file) {
        var errors = validator.errors(TestFiles.parse(file));
        assertTrue(errors.isEmpty(), TestFiles.describe(errors));
    }

    /**
     * Generates the snapshot the way the validator does, but keeps the generator's messages (HAPI drops them), and
     * checks that nothing in the differential was lost: every element is in the snapshot, in base order, with its
     * cardinality and constraints.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("structureDefinitionFiles")
    void snapshotGeneratesWithoutErrorsAndKeepsTheDifferential(Path file) {
        var worker = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(support);
        StructureDefinition sd = new VersionCanonicalizer(TestFiles.FHIR).structureDefinitionToCanonical(TestFiles.parse(file));
        StructureDefinition base = worker.fetchResource(StructureDefinition.class, sd.getBaseDefinition());
        assertNotNull(base, "base definition " + sd.getBaseDefinition());
        List<ValidationMessage> messages = new ArrayList<>();
        new ProfileUtilities(worker, messages, new ProfileKnowledgeWorkerR5(TestFiles.FHIR))
                .generateSnapshot(base, sd, sd.getUrl(), null, sd.getName());
        List<ValidationMessage> errors = messages.stream()
                .filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR || m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
                .toList();
        assertTrue(errors.isEmpty(), "snapshot errors: " + errors.stream().map(ValidationMessage::summary).collect(Collectors.joining("\n")));
        messages.forEach(m -> System.out.println("[snapshot " + sd.getName() + "] " + m.summary()));

        Map<String, Integer> position = new HashMap<>();
        Map<String, ElementDefinition> snapshot = new HashMap<>();
        List<ElementDefinition> elements = sd.getSnapshot().getElement();
        for (int i = 0; i < elements.size(); i++) {
            position.put(elements.get(i).getId(), i);
            snapshot.put(elements.get(i).getId(), elements.get(i));
        }
        int last = -1;
        for (ElementDefinition diff : sd.getDifferential().getElement()) {
            ElementDefinition snap = snapshot.get(diff.getId());
            assertNotNull(snap, diff.getId() + " is missing from the snapshot");
            int pos = position.get(diff.getId());
            assertTrue(pos > last, diff.getId() + " is out of base-element order in the differential");
            last = pos;
            if (diff.hasMin()) {
                assertEquals(diff.getMin(), snap.getMin(), diff.getId() + " min");
            }
            if (diff.hasMax()) {
                assertEquals(diff.getMax(), snap.getMax(), diff.getId() + " max");
            }
            Set<String> keys = snap.getConstraint().stream().map(ElementDefinition.ElementDefinitionConstraintComponent::getKey).collect(Collectors.toSet());
            diff.getConstraint().forEach(c -> assertTrue(keys.contains(c.getKey()), diff.getId() + " lost constraint " + c.getKey()));
        }
    }

    @Test
    void everyResourceProfileHasValidAndInvalidExamples() {
        Set<String> resourceProfiles = new TreeSet<>();
        for (Path f : structureDefinitionFiles()) {
            var sd = (org.hl7.fhir.r4.model.StructureDefinition) TestFiles.parse(f);
            if (sd.getKind() == org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.RESOURCE) {
                resourceProfiles.add(sd.getUrl());
            }
        }
        assertEquals(Set.of(Canonical.PROFILE_PLAN, Canonical.PROFILE_PATIENT, Canonical.PROFILE_ORGANIZATION, Canonical.PROFILE_CONDITION,
                dk.rehab.adapter.message.Messaging.PROFILE_PLAN_MESSAGE, dk.rehab.adapter.message.Messaging.PROFILE_PLAN_MESSAGE_HEADER,
                Canonical.PROFILE_COURSE, Canonical.PROFILE_SESSION, Canonical.PROFILE_PRACTITIONER, Canonical.PROFILE_TEAM,
                Canonical.PROFILE_PACKAGE, Canonical.PROFILE_FUNCTIONAL_STATUS, Canonical.PROFILE_FINAL_STATUS,
                Canonical.PROFILE_DELIVERY_TASK, dk.rehab.adapter.transfer.TransferMessageMapper.PROFILE,
                Canonical.PROFILE_COMMUNICATION, Canonical.PROFILE_JOBCENTER_REFERRAL,
                dk.rehab.adapter.notification.Notifications.PROFILE_STAY, dk.rehab.adapter.notification.Notifications.PROFILE_STATUS_TO_HOSPITAL,
                Canonical.PROFILE_AUDIT_EVENT, dk.rehab.adapter.fhir.MeasureReportBuilder.PROFILE, Canonical.PROFILE_GROUP), resourceProfiles);
        Set<String> inValid = new TreeSet<>();
        Examples.valid().forEach(p -> inValid.addAll(Examples.claimedProfiles(TestFiles.parse(p))));
        Set<String> inInvalid = new TreeSet<>();
        Examples.invalid().forEach(p -> inInvalid.addAll(Examples.claimedProfiles(TestFiles.parse(p))));
        assertAll(resourceProfiles.stream().map(url -> () -> {
            assertTrue(inValid.contains(url), "no valid example claims " + url);
            assertTrue(inInvalid.contains(url), "no invalid example claims " + url);
        }));
    }

    @Test
    void valueSetsUseOnlyCodesOfOurFragmentWithTheSameDisplay() {
        CodeSystem cs = (CodeSystem) TestFiles.parse(TestFiles.projectDir().resolve("profiles/CodeSystem-care-social-codes.json"));
        Map<String, String> displays = new HashMap<>();
        flatten(cs.getConcept(), displays);
        for (String vsUrl : List.of(Canonical.VS_PLAN_TYPES, Canonical.VS_PLAN_STATUS_REASONS, Canonical.VS_PLAN_SERVICE_TYPES,
                Canonical.VS_COURSE_END_REASONS)) {
            ValueSet vs = (ValueSet) support.fetchValueSet(vsUrl);
            assertNotNull(vs, vsUrl);
            for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
                if (Canonical.CS_COURSE_END_REASONS.equals(include.getSystem()) && Canonical.VS_COURSE_END_REASONS.equals(vsUrl)) {
                    // the adapter's own end reasons (a course closed by $transfer): the same codes and displays as CourseCodes
                    include.getConcept().forEach(c -> assertEquals(dk.rehab.adapter.course.CourseCodes.OWN_END_REASONS.get(c.getCode()),
                            c.getDisplay(), c.getCode()));
                    assertEquals(dk.rehab.adapter.course.CourseCodes.OWN_END_REASONS.size(), include.getConcept().size());
                    continue;
                }
                assertEquals(Canonical.CS_CARE_SOCIAL, include.getSystem());
                for (ValueSet.ConceptReferenceComponent c : include.getConcept()) {
                    assertEquals(displays.get(c.getCode()), c.getDisplay(), vsUrl + " " + c.getCode());
                }
            }
        }
        // The codes Canonical.java names are where they belong.
        assertEquals(Set.of(Canonical.PLAN_TYPE_ALMEN, Canonical.PLAN_TYPE_SPECIALISERET, Canonical.PLAN_TYPE_REHABILITERING,
                Canonical.PLAN_LEVEL_BASAL, Canonical.PLAN_LEVEL_AVANCERET), codes(Canonical.VS_PLAN_TYPES));
        assertEquals(Set.of(Canonical.STATUS_REASON_UDSKUDT, Canonical.STATUS_REASON_ANDEN_KOMMUNE, Canonical.STATUS_REASON_FRIT_VALG,
                Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET, Canonical.STATUS_REASON_FEJL), codes(Canonical.VS_PLAN_STATUS_REASONS));
        assertEquals(Set.of(Canonical.CODE_REHAB_AFTER_HOSPITAL), codes(Canonical.VS_PLAN_SERVICE_TYPES));
        Set<String> endReasons = new java.util.HashSet<>(dk.rehab.adapter.course.CourseCodes.END_REASONS);
        endReasons.addAll(dk.rehab.adapter.course.CourseCodes.OWN_END_REASONS.keySet());
        assertEquals(endReasons, codes(Canonical.VS_COURSE_END_REASONS));
    }

    @Test
    void everyExtensionCanonicalHasAStructureDefinition() {
        for (String url : List.of(Canonical.EXT_FINAL_STATUS_RECEIVER, Canonical.EXT_GP_COPY, Canonical.EXT_CITIZEN_CONSENT,
                Canonical.EXT_HOSPITAL_START_REQUIREMENT, Canonical.EXT_CONTACT_DEADLINE, Canonical.EXT_START_DEADLINE,
                Canonical.EXT_FREE_CHOICE_DATE, Canonical.EXT_MUNICIPAL_RESPONSIBILITY, Canonical.EXT_COURSE_LEGAL_BASIS,
                Canonical.EXT_COURSE_END_REASON, Canonical.EXT_COURSE, Canonical.EXT_COURSE_PACKAGE, Canonical.EXT_EXTRA_SESSIONS,
                Canonical.EXT_SESSION_USAGE, Canonical.EXT_REASSESSMENT, Canonical.EXT_SESSION_PLACE, Canonical.EXT_TEAM_CAPACITY,
                Canonical.EXT_PACKAGE_MODALITY, Canonical.EXT_MAX_SESSIONS, Canonical.EXT_VISITATION_CATEGORY, Canonical.EXT_ASSESSMENT_PHASE)) {
            assertNotNull(support.fetchStructureDefinition(url), url);
        }
    }

    /** Each search parameter's expression selects exactly the value it searches on an example of its base type. */
    @Test
    void searchParameterExpressionsSelectTheExtensionValues() {
        Map<String, String[]> expected = Map.ofEntries(
                Map.entry("contact-deadline", new String[] {"ServiceRequest-plan-nancy.json", "2026-11-20"}),
                Map.entry("start-deadline", new String[] {"ServiceRequest-plan-nancy.json", "2026-11-23"}),
                Map.entry("free-choice-date", new String[] {"ServiceRequest-plan-nancy.json", "2026-11-23"}),
                Map.entry("municipal-responsibility", new String[] {"ServiceRequest-plan-nancy.json", "true"}),
                Map.entry("legal-basis", new String[] {"EpisodeOfCare-course-geriatri-finished.json", "sel-86-1"}),
                Map.entry("package", new String[] {"EpisodeOfCare-course-geriatri-finished.json",
                        "http://rehab-adapter.dk/fhir/PlanDefinition/geriatri-styrkehold|2024"}),
                Map.entry("reassessment", new String[] {"EpisodeOfCare-course-nancy.json", "true"}),
                Map.entry("resume-after-admission", new String[] {"EpisodeOfCare-course-nancy-after-admission.json", "2026-12-04"}),
                Map.entry("package-used-up", new String[] {"EpisodeOfCare-course-geriatri-finished.json", "false"}),
                Map.entry("course", new String[] {"Appointment-session-nancy-styrkehold.json", "EpisodeOfCare/course-nancy"}),
                Map.entry("team", new String[] {"Appointment-session-nancy-styrkehold.json", "HealthcareService/team-styrkehold-tirsdag"}),
                Map.entry("diagnosis-group", new String[] {"PlanDefinition-geriatri-kombination.json", "geriatri"}),
                Map.entry("modality", new String[] {"PlanDefinition-geriatri-kombination.json", "combination"}),
                Map.entry("phase", new String[] {"Observation-functional-status-nancy-lave-mad-start.json", "start"}));
        int checked = 0;
        for (Path f : profileFiles()) {
            if (!f.getFileName().toString().startsWith("SearchParameter-")) {
                continue;
            }
            SearchParameter sp = (SearchParameter) TestFiles.parse(f);
            String[] example = expected.get(sp.getCode());
            assertNotNull(example, sp.getCode() + " has no expected value here");
            IBaseResource resource = TestFiles.parse(Examples.dir().resolve(example[0]));
            assertTrue(sp.getBase().stream().anyMatch(b -> b.getCode().equals(TestFiles.FHIR.getResourceType(resource))), sp.getCode());
            List<IBase> values = TestFiles.FHIR.newFhirPath().evaluate(resource, sp.getExpression(), IBase.class);
            assertEquals(1, values.size(), sp.getCode() + ": " + sp.getExpression());
            IBase value = values.get(0);
            String text = value instanceof org.hl7.fhir.r4.model.PrimitiveType<?> p ? p.getValueAsString()
                    : value instanceof org.hl7.fhir.r4.model.Reference r ? r.getReference()
                    : value instanceof org.hl7.fhir.r4.model.CodeableConcept cc ? cc.getCodingFirstRep().getCode()
                    : value instanceof org.hl7.fhir.r4.model.Coding c ? c.getCode() : String.valueOf(value);
            assertEquals(example[1], text, sp.getCode());
            checked++;
        }
        assertEquals(expected.size(), checked);
    }

    private static Set<String> codes(String vsUrl) {
        ValueSet vs = (ValueSet) support.fetchValueSet(vsUrl);
        return vs.getCompose().getInclude().stream().flatMap(i -> i.getConcept().stream()).map(ValueSet.ConceptReferenceComponent::getCode)
                .collect(Collectors.toSet());
    }

    static void flatten(List<CodeSystem.ConceptDefinitionComponent> concepts, Map<String, String> out) {
        for (CodeSystem.ConceptDefinitionComponent c : concepts) {
            out.put(c.getCode(), c.getDisplay());
            flatten(c.getConcept(), out);
        }
    }
}
