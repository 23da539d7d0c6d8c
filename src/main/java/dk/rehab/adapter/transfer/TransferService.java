package dk.rehab.adapter.transfer;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.delivery.Deliveries;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * {@code POST /ServiceRequest/{id}/$transfer}: the plan goes to a contracted private provider (the citizen's free
 * choice, Sundhedsloven § 140 stk. 4) or to another municipality (free choice of another municipality's training, or
 * the citizen moved: udenbys borger). In one transaction: the plan's open course is closed ({@link CourseClosure}), the
 * plan's performer becomes the receiver (its Organization, found or created) and its status {@code on-hold} with KL's
 * status reason Frit valg / Anden kommune, the forwarded message ({@link TransferMessageMapper}) is stored with the
 * transfer, and one outbox row with its Task delivers it (exactly once, retried, its state visible as a Task).
 *
 * <p>Refused, with nothing changed: missing or contradictory parameters (400 invalid-parameters), an unknown
 * plan (404), a plan transferred already (409 plan-already-transferred), a plan that is not active or on hold, or is
 * specialised (409 plan-not-transferable), a plan whose course is finished or cancelled and none open
 * (409 course-already-finished), a provider not on the contracted list (422 provider-not-contracted), a municipality the
 * endpoint directory does not know or this municipality itself (422 municipality-unknown).
 */
@Service
public class TransferService {
    public static final String REASON_FREE_CHOICE = "free-choice";
    public static final String REASON_CITIZEN_MOVED = "citizen-moved";
    private static final Set<ServiceRequestStatus> TRANSFERABLE = Set.of(ServiceRequestStatus.ACTIVE, ServiceRequestStatus.ONHOLD);

    private final WriteTransactions transactions;
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final PlanService plans;
    private final ReceiverLookup receivers;
    private final ReceiverOrganizations organizations;
    private final CourseClosure closure;
    private final TransferMessageMapper mapper;
    private final Transfers transfers;
    private final Deliveries deliveries;
    private final FhirContext fhir;

    public TransferService(WriteTransactions transactions, ResourceStore store, JdbcTemplate jdbc, PlanService plans, ReceiverLookup receivers,
                           ReceiverOrganizations organizations, CourseClosure closure, TransferMessageMapper mapper, Transfers transfers,
                           Deliveries deliveries, FhirContext fhir) {
        this.transactions = transactions;
        this.store = store;
        this.jdbc = jdbc;
        this.plans = plans;
        this.receivers = receivers;
        this.organizations = organizations;
        this.closure = closure;
        this.mapper = mapper;
        this.transfers = transfers;
        this.deliveries = deliveries;
        this.fhir = fhir;
    }

    /** The operation's parameters: exactly one of provider and municipality, and the reason (free-choice, citizen-moved). */
    public record Request(Identifier provider, Identifier municipality, String reason) {
    }

    /** Transfers the plan; returns the Task that delivers the forwarded message. */
    public Task transfer(String planId, Request request) {
        check(request);
        return transactions.run(() -> {
            StoredResource current = store.currentForUpdate("ServiceRequest", planId).orElseThrow(() ->
                    new AdapterException(ErrorCode.NOT_FOUND, "there is no ServiceRequest with id " + planId, null));
            ServiceRequest plan = store.parse(current, ServiceRequest.class);
            Optional<String> earlier = transfers.taskOfPlan(planId);
            if (earlier.isPresent()) {
                throw new AdapterException(ErrorCode.PLAN_ALREADY_TRANSFERRED, "the plan was transferred already; its forwarding is Task/"
                        + earlier.get(), "ServiceRequest.performer");
            }
            if (!TRANSFERABLE.contains(plan.getStatus())) {
                throw new AdapterException(ErrorCode.PLAN_NOT_TRANSFERABLE, "the plan is " + plan.getStatus().toCode()
                        + "; only an active or on-hold plan can be transferred", "ServiceRequest.status");
            }
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select municipal from plan where res_id = ?", Boolean.class, planId))) {
                throw new AdapterException(ErrorCode.PLAN_NOT_TRANSFERABLE, "the plan is specialised: the region delivers it, and free "
                        + "choice does not apply to it", "ServiceRequest.category");
            }
            Receiver receiver = request.provider() != null ? receivers.provider(request.provider()) : receivers.municipality(request.municipality());
            Optional<String> course = closure.openCourse(planId);
            if (course.isEmpty() && closure.hasClosedCourse(planId)) {
                throw new AdapterException(ErrorCode.COURSE_ALREADY_FINISHED, "the plan's course is finished or cancelled already and "
                        + "no course is open: there is nothing left to transfer", "ServiceRequest");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            course.ifPresent(c -> closure.close(c, REASON_CITIZEN_MOVED.equals(request.reason()) ? "moved" : "free-choice", now));

            String organizationId = organizations.ensure(receiver);
            ServiceRequest next = store.read(ServiceRequest.class, planId).copy();
            next.setPerformer(List.of(new Reference("Organization/" + organizationId).setDisplay(receiver.name())));
            next.setStatus(ServiceRequestStatus.ONHOLD);
            next.getExtension().removeIf(e -> Canonical.EXT_STATUS_REASON.equals(e.getUrl()));
            next.addExtension(new Extension(Canonical.EXT_STATUS_REASON, TransferMessageMapper.reason(request.reason())));
            next.getMeta().setVersionId(null);
            ServiceRequest stored = plans.update(planId, next, plans.checkAndResolve(next, "ServiceRequest", WriteScope.single()), null);

            String messageId = ResourceStore.newId();
            Bundle message = mapper.message(messageId, stored, receiver, store.read(Organization.class, organizationId), request.reason(), now);
            String taskId = ResourceStore.newId();
            String patientId = new org.hl7.fhir.r4.model.IdType(stored.getSubject().getReference()).getIdPart();
            Identifier named = receiver.first();
            deliveries.insert(new Delivery(taskId, planId, patientId, receiver.kind(), named.getSystem(), named.getValue(), receiver.name(),
                    "Organization/" + organizationId, receiver.endpoint(), Delivery.State.PENDING, 0, now, null, null, null, now,
                    Delivery.TRANSFER));
            transfers.insert(new Transfers.Transfer(messageId, planId, course.orElse(null), taskId, request.reason(), receiver.kind(),
                    organizationId, fhir.newJsonParser().encodeResourceToString(message), now));
            return store.read(Task.class, taskId);
        });
    }

    /** 400 invalid-parameters for every problem of the parameters themselves (before anything is read). */
    private static void check(Request request) {
        Problems problems = new Problems();
        if (request.reason() == null || request.reason().isBlank()) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "the parameter reason is missing: free-choice or citizen-moved",
                    "Parameters.parameter('reason')");
        } else if (!REASON_FREE_CHOICE.equals(request.reason()) && !REASON_CITIZEN_MOVED.equals(request.reason())) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "reason is free-choice or citizen-moved, not " + request.reason(),
                    "Parameters.parameter('reason').value");
        }
        if (request.provider() == null && request.municipality() == null) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "name the receiver: the parameter provider (a contracted private provider's "
                    + "SOR id or CVR number) or municipality (its SOR id or municipality code)", "Parameters.parameter");
        } else if (request.provider() != null && request.municipality() != null) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "name one receiver: provider or municipality, not both", "Parameters.parameter");
        }
        for (String name : List.of("provider", "municipality")) {
            Identifier id = "provider".equals(name) ? request.provider() : request.municipality();
            if (id != null && (!id.hasSystem() || !id.hasValue())) {
                problems.add(ErrorCode.INVALID_PARAMETERS, name + " is an Identifier with system and value",
                        "Parameters.parameter('" + name + "').value");
            }
        }
        if (request.provider() != null && REASON_CITIZEN_MOVED.equals(request.reason())) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "a citizen who moved is transferred to the new municipality (municipality), "
                    + "not to a private provider", "Parameters.parameter('reason').value");
        }
        problems.throwIfAny();
    }
}
