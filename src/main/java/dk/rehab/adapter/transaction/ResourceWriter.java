package dk.rehab.adapter.transaction;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.condition.ConditionService;
import dk.rehab.adapter.course.CourseService;
import dk.rehab.adapter.course.SessionService;
import dk.rehab.adapter.practitioner.PractitionerService;
import dk.rehab.adapter.practitioner.TeamService;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Practitioner;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ConditionalCreate;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.functionalstatus.FunctionalStatusService;
import dk.rehab.adapter.group.GroupService;
import dk.rehab.adapter.organization.OrganizationService;
import dk.rehab.adapter.patient.PatientService;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.validation.ValidationGate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * The one create path of every resource type, used by the REST create interaction and by transaction Bundles
 * alike: conditional-create match, Bundle placeholders, the type's rules, storage. Runs inside the caller's
 * transaction.
 */
@Component
public class ResourceWriter {
    private final FhirContext fhir;
    private final ResourceStore store;
    private final ConditionalCreate conditional;
    private final PatientService patients;
    private final OrganizationService organizations;
    private final ConditionService conditions;
    private final PlanService plans;
    private final ValidationGate gate;
    private final ExtensionPolicy extensions;
    private final PractitionerService practitioners;
    private final TeamService teams;
    private final CourseService courses;
    private final SessionService sessions;
    private final FunctionalStatusService functionalStatus;
    private final GroupService groups;

    public ResourceWriter(FhirContext fhir, ResourceStore store, ConditionalCreate conditional, PatientService patients,
                          OrganizationService organizations, ConditionService conditions, PlanService plans, ValidationGate gate,
                          ExtensionPolicy extensions, PractitionerService practitioners, TeamService teams, CourseService courses,
                          SessionService sessions, FunctionalStatusService functionalStatus, GroupService groups) {
        this.groups = groups;
        this.extensions = extensions;
        this.functionalStatus = functionalStatus;
        this.practitioners = practitioners;
        this.teams = teams;
        this.courses = courses;
        this.sessions = sessions;
        this.fhir = fhir;
        this.store = store;
        this.conditional = conditional;
        this.patients = patients;
        this.organizations = organizations;
        this.conditions = conditions;
        this.plans = plans;
        this.gate = gate;
    }

    /**
     * Creates {@code resource}, or finds the existing one it is (If-None-Exist match, or identity: CPR, SOR/GLN,
     * plan identifier with If-None-Exist). {@code at} is the FHIRPath of the resource in the request.
     */
    public WriteOutcome<? extends Resource> create(Resource resource, String ifNoneExist, String at, WriteScope scope) {
        String type = resource.fhirType();
        Optional<String> match = conditional.match(type, ifNoneExist, at);
        if (match.isPresent()) {
            return new WriteOutcome<>(store.read(resource.getClass(), match.get()), false);
        }
        Problems problems = new Problems();
        rewritePlaceholders(resource, scope, at, problems);
        if (!(resource instanceof ServiceRequest) && !(resource instanceof EpisodeOfCare) && !(resource instanceof Appointment)) {
            if (resource instanceof org.hl7.fhir.r4.model.DomainResource domain) {
                extensions.requireSingleExtensions(domain, at);
            }
            extensions.check(resource, at, problems);
        }
        problems.throwIfAny();
        WriteOutcome<? extends Resource> outcome = createChecked(resource, ifNoneExist, at, scope, problems);
        if (outcome.created()) {
            gate.check(outcome.resource(), at);
        }
        return outcome;
    }

    private WriteOutcome<? extends Resource> createChecked(Resource resource, String ifNoneExist, String at, WriteScope scope,
                                                           Problems problems) {
        String type = resource.fhirType();
        if (resource instanceof Patient patient) {
            patients.check(patient, at, problems);
            problems.throwIfAny();
            return patients.create(patient);
        }
        if (resource instanceof Organization organization) {
            organizations.check(organization, at, problems);
            problems.throwIfAny();
            return organizations.create(organization, at);
        }
        if (resource instanceof Condition condition) {
            String patientId = conditions.check(condition, at, problems, scope);
            problems.throwIfAny();
            return conditions.create(condition, patientId);
        }
        if (resource instanceof ServiceRequest plan) {
            PlanService.Resolved resolved = plans.checkAndResolve(plan, at, scope);
            return plans.create(plan, resolved, ifNoneExist != null && !ifNoneExist.isBlank(), at);
        }
        if (resource instanceof Practitioner practitioner) {
            practitioners.check(practitioner, at, problems);
            problems.throwIfAny();
            return practitioners.create(practitioner);
        }
        if (resource instanceof HealthcareService team) {
            teams.check(team, at, problems);
            problems.throwIfAny();
            return teams.create(team);
        }
        if (resource instanceof EpisodeOfCare course) {
            CourseService.Resolved resolved = courses.checkAndResolve(course, at, scope);
            return courses.create(course, resolved, at);
        }
        if (resource instanceof Appointment session) {
            return sessions.create(session, at, scope);
        }
        if (resource instanceof Observation observation) {
            FunctionalStatusService.Checked checked = functionalStatus.check(observation, at, problems, scope);
            problems.throwIfAny();
            return functionalStatus.create(observation, checked);
        }
        if (resource instanceof org.hl7.fhir.r4.model.Group group) {
            groups.check(group, at, problems, scope);
            problems.throwIfAny();
            return groups.create(group);
        }
        throw new AdapterException(ErrorCode.METHOD_NOT_ALLOWED, "the adapter does not store " + type + " resources (Patient, Organization, "
                + "Condition, ServiceRequest, Practitioner, HealthcareService, EpisodeOfCare, Appointment, Observation, Group)", at);
    }

    /** Points every reference to a Bundle placeholder at the resource stored for it; unbound placeholders are errors. */
    private void rewritePlaceholders(Resource resource, WriteScope scope, String at, Problems problems) {
        for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            if (ref.hasReference() && scope.isPlaceholder(ref.getReference())) {
                String local = scope.resolvePlaceholder(ref.getReference());
                if (local == null) {
                    problems.add(ErrorCode.REFERENCE_NOT_FOUND, "the reference " + ref.getReference()
                            + " names no entry of this Bundle that is stored before this " + resource.fhirType(), at);
                } else {
                    ref.setReference(local);
                }
            }
        }
    }
}
