package dk.rehab.adapter.plan;

import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.condition.ConditionService;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.jobcenter.JobcenterProperties;
import dk.rehab.adapter.jobcenter.JobcenterReferralRules;
import dk.rehab.adapter.jobcenter.JobcenterReferrals;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The training plan ({@code rehab-plan}, a ServiceRequest): checks it, resolves its references, computes its
 * deadlines ({@link PlanDeadlines}), stores it and keeps the {@code plan} projection that searches and work
 * lists read. A plan is identified by its first identifier (the sender's plan id): the same identifier twice
 * is one plan. Runs inside the caller's transaction.
 */
@Service
public class PlanService {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final ReferenceResolver references;
    private final ConditionService conditions;
    private final AdapterProperties properties;
    private final ExtensionPolicy extensions;
    private final JobcenterProperties jobcenter;

    public PlanService(ResourceStore store, JdbcTemplate jdbc, ReferenceResolver references, ConditionService conditions,
                       AdapterProperties properties, ExtensionPolicy extensions, JobcenterProperties jobcenter) {
        this.extensions = extensions;
        this.jobcenter = jobcenter;
        this.store = store;
        this.jdbc = jdbc;
        this.references = references;
        this.conditions = conditions;
        this.properties = properties;
    }

    /** The plan's key identifier: its first identifier with system and value. */
    public static Identifier key(ServiceRequest plan) {
        return plan.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst().orElse(null);
    }

    public Optional<String> findByIdentifier(String system, String value) {
        return jdbc.queryForList("select res_id from plan where identifier_system = ? and identifier_value = ? and key_scope = ''",
                String.class, system, value).stream().findFirst();
    }

    /**
     * Checks every rule and resolves every reference; throws with all problems found. Returns the resolved
     * patient id.
     */
    public Resolved checkAndResolve(ServiceRequest plan, String at, WriteScope scope) {
        extensions.requireSingleExtensions(plan, at);
        Problems problems = new Problems();
        if (JobcenterReferrals.isReferral(plan)) {
            JobcenterReferralRules.check(plan, at, problems);
        } else {
            PlanRules.check(plan, at, problems);
        }
        extensions.check(plan, at, problems);
        String patientId = plan.hasSubject() ? references.resolve(plan.getSubject(), "Patient", at + ".subject", problems, scope) : null;
        String requesterId = plan.hasRequester()
                ? references.resolve(plan.getRequester(), "Organization", at + ".requester", problems, scope) : null;
        if (plan.hasPerformer()) {
            for (int i = 0; i < plan.getPerformer().size(); i++) {
                references.resolve(plan.getPerformer().get(i), "Organization", at + ".performer[" + i + "]", problems, scope);
            }
        }
        for (int i = 0; i < plan.getReasonReference().size(); i++) {
            String where = at + ".reasonReference[" + i + "]";
            String conditionId = references.resolve(plan.getReasonReference().get(i), "Condition", where, problems, scope);
            if (conditionId != null && patientId != null && !patientId.equals(conditions.patientOf(conditionId))) {
                problems.add(ErrorCode.INVALID_REFERENCE, "the diagnosis belongs to another citizen than the plan", where);
            }
        }
        for (int i = 0; i < plan.getReplaces().size(); i++) {
            references.resolve(plan.getReplaces().get(i), "ServiceRequest", at + ".replaces[" + i + "]", problems, scope);
        }
        List<Extension> receivers = plan.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER);
        for (int i = 0; i < receivers.size(); i++) {
            if (receivers.get(i).getValue() instanceof Reference ref) {
                references.resolveOrKeepLogical(ref, "Organization",
                        at + ".extension('" + Canonical.EXT_FINAL_STATUS_RECEIVER + "')[" + i + "].value", problems, scope);
            }
        }
        Extension gp = plan.getExtensionByUrl(Canonical.EXT_GP_COPY);
        if (gp != null && gp.getExtensionByUrl("receiver") != null && gp.getExtensionByUrl("receiver").getValue() instanceof Reference ref) {
            references.resolveOrKeepLogical(ref, "Organization", at + ".extension('" + Canonical.EXT_GP_COPY + "').extension('receiver').value",
                    problems, scope);
        }
        problems.throwIfAny();
        return new Resolved(patientId, requesterId);
    }

    public record Resolved(String patientId, String requesterId) {
    }

    /**
     * Creates a checked plan. {@code conditional} = true (If-None-Exist on the identifier) returns an existing
     * plan with the same identifier; otherwise the same identifier twice is a conflict.
     */
    public WriteOutcome<ServiceRequest> create(ServiceRequest plan, Resolved resolved, boolean conditional, String at) {
        Identifier key = key(plan);
        Optional<String> existing = findByIdentifier(key.getSystem(), key.getValue());
        if (existing.isPresent()) {
            if (conditional) {
                return new WriteOutcome<>(read(existing.get()), false);
            }
            throw new AdapterException(ErrorCode.DUPLICATE_IDENTIFIER, "a plan with this identifier exists already: ServiceRequest/"
                    + existing.get() + "; update it, or create with If-None-Exist", at + ".identifier[0]");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!plan.hasAuthoredOn()) {
            plan.setAuthoredOn(Date.from(now));
        } else if (plan.getAuthoredOn().toInstant().isAfter(now.plusSeconds(300))) {
            throw new AdapterException(ErrorCode.INVALID_VALUE,
                    "authoredOn is the date the municipality received the plan and cannot lie in the future", at + ".authoredOn");
        }
        plan.setId((String) null);
        PlanDeadlines deadlines = decorate(plan);
        ServiceRequest stored = store.create(plan);
        index(stored, resolved, deadlines, false);
        return new WriteOutcome<>(stored, true);
    }

    /** Stores a checked plan as the next version of {@code id}. {@code ifMatch} is the version the client saw, or null. */
    public ServiceRequest update(String id, ServiceRequest plan, Resolved resolved, Integer ifMatch) {
        StoredResource current = ResourceUpdates.lockCurrent(store, "ServiceRequest", id, ifMatch, "plans");
        ServiceRequest before = store.parse(current, ServiceRequest.class);
        if (!plan.hasAuthoredOn()) {
            plan.setAuthoredOnElement(before.getAuthoredOnElement());
        } else if (!plan.getAuthoredOnElement().getValueAsString().equals(before.getAuthoredOnElement().getValueAsString())) {
            throw new AdapterException(ErrorCode.INVALID_VALUE,
                    "authoredOn is the date the municipality received the plan and cannot change", "ServiceRequest.authoredOn");
        }
        Identifier key = key(plan);
        Optional<String> owner = findByIdentifier(key.getSystem(), key.getValue());
        if (owner.isPresent() && !owner.get().equals(id)) {
            throw new AdapterException(ErrorCode.DUPLICATE_IDENTIFIER,
                    "another plan has this identifier: ServiceRequest/" + owner.get(), "ServiceRequest.identifier[0]");
        }
        plan.setId(id);
        PlanDeadlines deadlines = decorate(plan);
        ServiceRequest stored = store.update(plan, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the plan was changed by someone else meanwhile", null));
        index(stored, resolved, deadlines, true);
        return stored;
    }

    /**
     * Revokes a plan (a hospital's correction replaced it, or the hospital retracted it): the next version has
     * status {@code revoked}; a revoked plan no longer holds its identifier, so a correction may reuse it.
     * Returns the revoked version, or the plan unchanged when it is revoked already.
     */
    public ServiceRequest revoke(String id) {
        ServiceRequest current = read(id);
        if (current.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED) {
            return current;
        }
        Resolved resolved = jdbc.queryForObject("select patient_id, requester_id from plan where res_id = ?",
                (rs, n) -> new Resolved(rs.getString(1), rs.getString(2)), id);
        ServiceRequest next = current.copy();
        next.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        return update(id, next, resolved, Integer.parseInt(current.getMeta().getVersionId()));
    }

    public ServiceRequest read(String id) {
        return store.read(ServiceRequest.class, id);
    }

    /** Adds what the adapter computes: deadlines, municipal responsibility, the profile claim. Returns the deadlines. */
    PlanDeadlines decorate(ServiceRequest plan) {
        plan.getExtension().removeIf(e -> PlanRules.COMPUTED.contains(e.getUrl()));
        PlanDeadlines deadlines = deadlines(plan);
        if (deadlines.contact() != null) {
            plan.addExtension(Canonical.EXT_CONTACT_DEADLINE, new DateType(java.sql.Date.valueOf(deadlines.contact())));
        }
        plan.addExtension(Canonical.EXT_START_DEADLINE, new DateType(java.sql.Date.valueOf(deadlines.start())));
        if (deadlines.freeChoice() != null) {
            plan.addExtension(Canonical.EXT_FREE_CHOICE_DATE, new DateType(java.sql.Date.valueOf(deadlines.freeChoice())));
        }
        plan.addExtension(Canonical.EXT_MUNICIPAL_RESPONSIBILITY, new BooleanType(deadlines.municipal()));
        plan.getMeta().setProfile(List.of(new CanonicalType(JobcenterReferrals.isReferral(plan) ? Canonical.PROFILE_JOBCENTER_REFERRAL
                : Canonical.PROFILE_PLAN)));
        return deadlines;
    }

    PlanDeadlines deadlines(ServiceRequest plan) {
        ZoneId zone = properties.zone();
        LocalDate received = plan.getAuthoredOn().toInstant().atZone(zone).toLocalDate();
        if (JobcenterReferrals.isReferral(plan)) {
            // SEL § 86.1: the first meeting within adapter.jobcenter.start-deadline (15 working days) of receipt; no
            // discharge, no contact deadline, no free choice (that is the health act's)
            return new PlanDeadlines(null, DanishCalendar.add(received, jobcenter.startDeadline()), null, true);
        }
        LocalDate discharge = localDate((DateType) plan.getExtensionByUrl(Canonical.EXT_PRECONDITION_DATE).getValue());
        LocalDate notBefore = null;
        Extension start = plan.getExtensionByUrl(Canonical.EXT_HOSPITAL_START_REQUIREMENT);
        if (start != null && start.getExtensionByUrl("notBefore") != null) {
            notBefore = localDate((DateType) start.getExtensionByUrl("notBefore").getValue());
        }
        boolean specialised = PlanRules.hasCategory(plan, Canonical.PLAN_TYPE_SPECIALISERET);
        return PlanDeadlines.compute(received, discharge, notBefore, specialised, properties.deadlines());
    }

    private void index(ServiceRequest plan, Resolved resolved, PlanDeadlines deadlines, boolean replace) {
        String id = plan.getIdElement().getIdPart();
        if (replace) {
            jdbc.update("delete from plan where res_id = ?", id);
            jdbc.update("delete from plan_category where plan_id = ?", id);
        }
        Identifier key = key(plan);
        LocalDate offered = plan.hasOccurrencePeriod() && plan.getOccurrencePeriod().hasStart()
                ? plan.getOccurrencePeriod().getStart().toInstant().atZone(properties.zone()).toLocalDate() : null;
        boolean referral = JobcenterReferrals.isReferral(plan);
        jdbc.update("insert into plan (res_id, identifier_system, identifier_value, patient_id, requester_id, status, authored, "
                        + "discharge_date, contact_deadline, start_deadline, free_choice_date, offered_start, municipal, last_updated, key_scope, "
                        + "performer_id, kind, status_reason) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, key.getSystem(), key.getValue(), resolved.patientId(), resolved.requesterId(), plan.getStatus().toCode(),
                plan.getAuthoredOn().toInstant().atOffset(java.time.ZoneOffset.UTC),
                referral ? null : localDate((DateType) plan.getExtensionByUrl(Canonical.EXT_PRECONDITION_DATE).getValue()),
                deadlines.contact(), deadlines.start(), deadlines.freeChoice(), offered, deadlines.municipal(),
                plan.getMeta().getLastUpdated().toInstant().atOffset(java.time.ZoneOffset.UTC),
                plan.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED ? id : "", performerId(plan),
                referral ? JobcenterReferrals.KIND : JobcenterReferrals.KIND_HOSPITAL_PLAN, statusReason(plan));
        if (!replace) {
            jdbc.update("insert into plan_first_held (plan_id) values (?)", id); // held sessions move it (SessionService)
        }
        // each (system, code) once (the table's unique index, V26; the plan rules already allow no repeated category)
        java.util.Map<List<String>, Object[]> categories = new java.util.LinkedHashMap<>();
        plan.getCategory().forEach(c -> {
            for (Coding coding : c.getCoding()) {
                String system = coding.getSystem() == null ? "" : coding.getSystem();
                categories.putIfAbsent(java.util.Arrays.asList(system, coding.getCode()), new Object[] {id, system, coding.getCode()});
            }
        });
        jdbc.batchUpdate("insert into plan_category (plan_id, cat_system, code) values (?,?,?)", new ArrayList<>(categories.values()));
        if (replace) {
            store.reindexIdentifiers("ServiceRequest", id, plan.getIdentifier());
        } else {
            store.indexIdentifiers("ServiceRequest", id, plan.getIdentifier());
        }
    }

    /** The code of the plan's status reason (request-statusReason; KL's CareSocialCodes coding first), or null. */
    private static String statusReason(ServiceRequest plan) {
        Extension reason = plan.getExtensionByUrl(Canonical.EXT_STATUS_REASON);
        if (reason == null || !(reason.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept concept)) {
            return null;
        }
        return concept.getCoding().stream().filter(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem())).findFirst()
                .or(() -> concept.getCoding().stream().findFirst()).map(Coding::getCode).orElse(null);
    }

    /** The stored Organization the plan's performer refers to (literal after resolution), or null. */
    private static String performerId(ServiceRequest plan) {
        Reference performer = plan.hasPerformer() ? plan.getPerformerFirstRep() : null;
        return performer != null && performer.hasReference() && performer.getReference().startsWith("Organization/")
                ? new org.hl7.fhir.r4.model.IdType(performer.getReference()).getIdPart() : null;
    }

    private static LocalDate localDate(DateType date) {
        return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    }
}
