package dk.rehab.adapter.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import dk.rehab.adapter.store.ResourceStore;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * The one place that decides what a caller may do, for every FHIR interaction, operation and message endpoint
 * (the HAPI server through {@link AccessInterceptor}, the fast read path, /medcom/ggop): first its SMART system
 * scopes (the interaction's permission letter on the resource type), then its client kind's compartment.
 *
 * <ul>
 *   <li>municipality, auditor, reporting: the scopes decide alone (their default scopes: everything, AuditEvent
 *       read/search, report operations).</li>
 *   <li>the annual report ({@code $annual-report} and its asynchronous status URL): reporting and municipality only,
 *       with MeasureReport read ({@link #report}).</li>
 *   <li>hospital: plans (ServiceRequest) only where the plan's requester is the hospital (its SOR id or GLN in the
 *       token's id claim): a read of another hospital's plan answers 404, a search is narrowed with
 *       {@code requester.identifier} so totals count only its own; it may create what a plan needs (transaction,
 *       $process-message, GGOP), send hospital notifications in its own name (the MessageHeader's sender carries the
 *       token's id; the message scope, MessageHeader c, as every message); it reads the Patients of its own plans, and the final statuses, delivery Tasks and
 *       Patients addressed to it.</li>
 *   <li>GP: the final statuses (DocumentReference), delivery Tasks and Patients addressed to it (searches narrowed with
 *       {@code recipient}); nothing else.</li>
 *   <li>Contact and reminders (issue 13): Communication (create, read, search) and
 *       {@code ServiceRequest/{id}/$send-contact-letter} are the municipality's only (with the scope Communication.c);
 *       {@code Appointment/$statistics} (counts and rates, no single citizen's data) is open to the municipality
 *       (Appointment.s) and to reporting (MeasureReport.s or Appointment.s). Hospital, GP and auditor: 403.</li>
 * </ul>
 * {@code ServiceRequest/{id}/$transfer} is the municipality's alone (its scopes must grant ServiceRequest update).
 * Another municipality's adapter (kind other-municipality, scope MessageHeader c) may only send a plan transfer message
 * to {@code $process-message} in its own name ({@link #handsOverInOwnName}); every other request of that kind is 403.
 * History across a type or the whole system, and system-wide search, are for unrestricted callers only.
 * Bulk export ({@code $export}, {@code Patient/$export}, {@code Group/[id]/$export}, {@link #export}) is the municipality's
 * only, with {@code system/*.rs}. Cohorts (Group) are the municipality's only: another kind's read answers 404, anything
 * else 403.
 * {@code EpisodeOfCare/{id}/$finish} is for the municipality only (scope u on EpisodeOfCare); every other kind: 403.
 *
 * <p>Acknowledgements (Bundle: the acknowledgement messages the adapter answered to hospital messages, read and search
 * only, {@link #acknowledgement}): the municipality reads all (scope Bundle.r / Bundle.s); a hospital only those of the
 * messages it sent (received_message.sender = its token's organisation id; a read of another's answers 404, a search is
 * narrowed with {@code sender} so totals count only its own); GP, reporting and auditor: 403 whatever their scopes.
 *
 * <p>The audit trail (AuditEvent): read and search for the auditor only (its scopes must grant them); every other
 * kind, the municipality included, gets 403; no caller may create, update, patch or delete an AuditEvent (the provider
 * has no such methods, so HAPI answers 405 before this is asked; anything that gets here is 403).
 */
@Component
public class AccessRules {
    /** The delivery column that ties each type of a GP's or hospital's compartment to the recipient. */
    private static final java.util.Map<String, String> ADDRESSED = java.util.Map.of(
            "Task", "task_id", "DocumentReference", "document_id", "Patient", "patient_id");

    private final ResourceStore store;
    private final Compartments compartments;

    public AccessRules(ResourceStore store, Compartments compartments) {
        this.store = store;
        this.compartments = compartments;
    }

    /**
     * The decision for {@code operation} on {@code type} (null for system level), instance {@code id} (null for
     * type level), extended operation {@code operationName} (e.g. {@code $original}; null for none).
     */
    public Decision decide(Caller caller, RestOperationTypeEnum operation, String type, String id, String operationName) {
        if (operation == null) {
            return Decision.forbidden("the interaction is not known");
        }
        if (AUDIT_EVENT.equals(type)) {
            return auditTrail(caller, operation);
        }
        if (caller.kind() == ClientKind.OTHER_MUNICIPALITY && operation != RestOperationTypeEnum.METADATA
                && !(operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER && "$process-message".equals(operationName))) {
            return Decision.forbidden("another municipality hands plans over with $process-message and does nothing else");
        }
        if ("Communication".equals(type) && caller.kind() != ClientKind.MUNICIPALITY) {
            return Decision.forbidden("Communications with the citizen are the municipality's only");
        }
        if (GROUP.equals(type) && caller.kind() != ClientKind.MUNICIPALITY) {
            return notTheMunicipalitys(caller, operation, operationName);
        }
        return switch (operation) {
            case METADATA -> Decision.ALLOW;
            case READ, VREAD, HISTORY_INSTANCE -> instance(caller, type, id, 'r');
            case UPDATE, PATCH -> instance(caller, type, id, 'u');
            case DELETE -> instance(caller, type, id, 'd');
            case CREATE -> scoped(caller, type, 'c');
            case VALIDATE -> scoped(caller, type, 'c');
            case SEARCH_TYPE -> search(caller, type);
            case HISTORY_TYPE -> unrestricted(caller) ? scoped(caller, type, 's') : Decision.forbidden("history across a type is not open to " + caller.kind().claimValue());
            case TRANSACTION, BATCH -> Decision.ALLOW; // each entry is decided by entry(...)
            case EXTENDED_OPERATION_SERVER -> "$process-message".equals(operationName) ? message(caller)
                    : "$kl-gateway-report".equals(operationName) ? klGatewayReport(caller)
                    : "$annual-report".equals(operationName) ? report(caller)
                    : "$export".equals(operationName) ? export(caller)
                    : everything(caller);
            case EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> operation(caller, type, id, operationName);
            default -> everything(caller);
        };
    }

    private static final String AUDIT_EVENT = "AuditEvent";
    private static final String GROUP = "Group";

    /**
     * Cohorts (Group) are the municipality's only: another kind's read of one answers 404, as for an id that does not
     * exist (it learns nothing of which cohorts exist); every other interaction 403; {@code Group/[id]/$export} is
     * decided as every bulk export ({@link #export}: 403).
     */
    private Decision notTheMunicipalitys(Caller caller, RestOperationTypeEnum operation, String operationName) {
        if (operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD || operation == RestOperationTypeEnum.HISTORY_INSTANCE) {
            return Decision.notFound();
        }
        if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && "$export".equals(operationName)) {
            return export(caller);
        }
        return Decision.forbidden("cohorts of citizens (Group) are the municipality's only");
    }

    /** The audit trail: the auditor reads and searches it; nobody changes it. */
    private static Decision auditTrail(Caller caller, RestOperationTypeEnum operation) {
        boolean read = operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD;
        boolean search = operation == RestOperationTypeEnum.SEARCH_TYPE;
        if (!read && !search) {
            return Decision.forbidden("the audit trail is append-only: AuditEvents are read and searched, never changed");
        }
        if (caller.kind() != ClientKind.AUDITOR) {
            return Decision.forbidden("only the auditor reads the audit trail");
        }
        return scoped(caller, AUDIT_EVENT, read ? 'r' : 's');
    }

    /**
     * {@code $kl-gateway-report}: the municipality (with its full scopes, system/*.cruds) and the reporting client (with
     * its report scope, system/MeasureReport.r); hospital, GP and auditor never.
     */
    public Decision klGatewayReport(Caller caller) {
        return switch (caller.kind()) {
            case MUNICIPALITY -> everything(caller);
            case REPORTING -> scoped(caller, "MeasureReport", 'r');
            default -> Decision.forbidden("the KL Gateway report is for the municipality and the reporting client only");
        };
    }

    /** A message in: $process-message or /medcom/ggop. */
    public Decision message(Caller caller) {
        return scoped(caller, "MessageHeader", 'c');
    }

    /** A GGOP in (/medcom/ggop): a hospital's (or the municipality's) message; another municipality never sends one. */
    public Decision ggop(Caller caller) {
        return caller.kind() == ClientKind.OTHER_MUNICIPALITY
                ? Decision.forbidden("another municipality hands plans over as a FHIR transfer message, not as a GGOP") : message(caller);
    }

    /**
     * A plan transfer message ({@code message-events#rehabilitation-plan-transfer}) and who may send it: another
     * municipality's adapter in its own name (the MessageHeader's sender Organization carries the token's organisation
     * id: SOR id or municipality code), and the municipality itself; a hospital or GP never. Another municipality sends
     * nothing but transfer messages. {@code transfer}: whether the message is one; {@code senderIdentifiers}: those of
     * its MessageHeader's sender Organization in the message.
     */
    public Decision handsOverInOwnName(Caller caller, boolean transfer, java.util.List<Identifier> senderIdentifiers) {
        if (caller.kind() == ClientKind.OTHER_MUNICIPALITY) {
            if (!transfer) {
                return Decision.forbidden("another municipality sends plan transfer messages only (event rehabilitation-plan-transfer)");
            }
            return senderIdentifiers.stream().map(Identifier::getValue).anyMatch(caller.organisation()::equals) ? Decision.ALLOW
                    : Decision.forbidden("a municipality hands plans over in its own name only: the MessageHeader's sender must carry the token's organisation id");
        }
        if (transfer && caller.kind() != ClientKind.MUNICIPALITY) {
            return Decision.forbidden("plans are handed over between municipalities only");
        }
        return Decision.ALLOW;
    }

    /**
     * The annual report ({@code $annual-report}) and the status URL of an asynchronous report: the reporting client and
     * the municipality, with a scope that reads MeasureReport (the reporting kind's default scope
     * {@code system/MeasureReport.rs}); hospitals, GPs and the auditor never (403), whatever their scopes.
     */
    public Decision report(Caller caller) {
        if (caller.kind() != ClientKind.REPORTING && caller.kind() != ClientKind.MUNICIPALITY) {
            return Decision.forbidden("the annual report is open to the reporting client and the municipality only");
        }
        return scoped(caller, "MeasureReport", 'r');
    }

    /**
     * Bulk export ({@code $export} at system, Patient and Group level, its status URL and its files): citizens' data, so
     * the municipality's only, with scopes that read and search every type ({@code system/*.rs}, which its default
     * {@code system/*.cruds} holds). The reporting client never gets citizen data; hospitals, GPs and the auditor: 403.
     */
    public Decision export(Caller caller) {
        if (caller.kind() != ClientKind.MUNICIPALITY) {
            return Decision.forbidden("bulk export of every citizen's data is the municipality's only");
        }
        return caller.may("*", 'r') && caller.may("*", 's') ? Decision.ALLOW
                : Decision.forbidden("bulk export needs a scope that reads and searches every type (system/*.rs)");
    }

    /** One entry of a transaction or batch: its method on its type (and instance). */
    public Decision entry(Caller caller, String method, String type, String id) {
        if (GROUP.equals(type) && caller.kind() != ClientKind.MUNICIPALITY) {
            return "GET".equals(method) && id != null ? Decision.notFound() : Decision.forbidden("cohorts of citizens (Group) are the municipality's only");
        }
        if (AUDIT_EVENT.equals(type)) {
            return auditTrail(caller, "GET".equals(method) ? (id != null ? RestOperationTypeEnum.READ : RestOperationTypeEnum.SEARCH_TYPE)
                    : RestOperationTypeEnum.UPDATE);
        }
        return switch (method) {
            case "POST" -> scoped(caller, type, 'c');
            case "PUT" -> id == null ? scoped(caller, type, 'u') : instance(caller, type, id, 'u');
            case "DELETE" -> id == null ? scoped(caller, type, 'd') : instance(caller, type, id, 'd');
            case "GET" -> id != null ? instance(caller, type, id, 'r') : entrySearch(caller, type);
            default -> Decision.forbidden("unknown entry method");
        };
    }

    private Decision entrySearch(Caller caller, String type) {
        Decision search = search(caller, type);
        return search.narrowingParameter() == null ? search
                : Decision.forbidden("a narrowed search inside a transaction is not supported; search directly");
    }

    /** The answer to a read of something outside the caller's compartment: the same as for an id that does not exist. */
    public static String notFoundMessage(String type, String id) {
        return "there is no " + type + " with id " + id;
    }

    /**
     * Whether the plans a hospital sends name it as their requester: {@code requesterIdentifiers} are the identifiers of
     * the requester Organization (from the Bundle or the store). Other kinds: always.
     */
    public Decision sendsInOwnName(Caller caller, java.util.List<Identifier> requesterIdentifiers) {
        if (caller.kind() != ClientKind.HOSPITAL) {
            return Decision.ALLOW;
        }
        return requesterIdentifiers.stream().map(Identifier::getValue).anyMatch(caller.organisation()::equals) ? Decision.ALLOW
                : Decision.forbidden("a hospital sends plans in its own name only: the plan's requester must carry the token's organisation id");
    }

    /**
     * Whether a GGOP a hospital sends is in its own name: the GGOP's sender (its EAN/GLN, or a SOR code) must be the token's
     * organisation; a GGOP without a readable sender is not. Other kinds: always. (/medcom/ggop, after the XML is read.)
     */
    public Decision sendsGgopInOwnName(Caller caller, Organization sender) {
        java.util.List<Identifier> identifiers = sender == null ? java.util.List.of() : sender.getIdentifier().stream()
                .filter(i -> dk.rehab.adapter.organization.OrganizationIds.isGln(i.getSystem())
                        || dk.rehab.adapter.fhir.Canonical.SYSTEM_SOR.equals(i.getSystem())).toList();
        Decision decision = sendsInOwnName(caller, identifiers);
        return decision.allowed() ? decision
                : Decision.forbidden("a hospital sends GGOPs in its own name only: the GGOP's Sender (EANIdentifier) must be the token's organisation id");
    }

    /**
     * Whether a hospital notification a hospital sends names it as the sender: {@code senderIdentifiers} are those of the
     * MessageHeader's sender Organization in the message. Other kinds with the message scope (municipality): always.
     */
    public Decision notifiesInOwnName(Caller caller, java.util.List<Identifier> senderIdentifiers) {
        if (caller.kind() != ClientKind.HOSPITAL) {
            return Decision.ALLOW;
        }
        return senderIdentifiers.stream().map(Identifier::getValue).anyMatch(caller.organisation()::equals) ? Decision.ALLOW
                : Decision.forbidden("a hospital sends notifications in its own name only: the MessageHeader's sender must carry the token's organisation id");
    }

    /** The identifiers of stored Organization {@code id}; empty when there is none. */
    public java.util.List<Identifier> organisationIdentifiers(String id) {
        return id == null ? java.util.List.of() : store.current("Organization", id)
                .map(org -> store.parse(org, Organization.class).getIdentifier()).orElse(java.util.List.of());
    }

    private Decision operation(Caller caller, String type, String id, String name) {
        return switch (String.valueOf(name)) {
            case "$original" -> instance(caller, type, id, 'r');
            case "$validate" -> scoped(caller, type, 'c');
            case "$lastn" -> search(caller, type);
            // Only the municipality transfers its plan (free choice, or the citizen moved); a hospital or GP never does.
            case "$transfer" -> caller.kind() == ClientKind.MUNICIPALITY ? scoped(caller, type, 'u')
                    : Decision.forbidden("only the municipality transfers a plan to a provider or another municipality");
            case "$send-contact-letter" -> caller.kind() == ClientKind.MUNICIPALITY ? scoped(caller, "Communication", 'c')
                    : Decision.forbidden("the contact letter is sent by the municipality only");
            case "$statistics" -> statistics(caller);
            case "$export" -> export(caller);
            // closing a course: the municipality only (a hospital or GP never changes a course)
            case "$finish" -> caller.kind() == ClientKind.MUNICIPALITY ? instance(caller, type, id, 'u')
                    : Decision.forbidden("only the municipality finishes a course");
            default -> id != null ? instance(caller, type, id, 'u') : unrestricted(caller) ? scoped(caller, type, 'u') : everything(caller);
        };
    }

    /** Appointment/$statistics: counts and rates of sessions, no single citizen's data: the municipality and reporting. */
    private static Decision statistics(Caller caller) {
        if (caller.kind() == ClientKind.MUNICIPALITY) {
            return scoped(caller, "Appointment", 's');
        }
        if (caller.kind() == ClientKind.REPORTING) {
            return caller.may("MeasureReport", 's') || caller.may("Appointment", 's') ? Decision.ALLOW
                    : Decision.forbidden("the token's scopes grant neither MeasureReport.s nor Appointment.s");
        }
        return Decision.forbidden("session statistics are for the municipality and reporting only");
    }

    /** The scope alone. */
    private static Decision scoped(Caller caller, String type, char permission) {
        if (type == null || !caller.may(type, permission)) {
            return Decision.forbidden("the token's scopes do not grant " + permission + " on " + (type == null ? "the server" : type));
        }
        return Decision.ALLOW;
    }

    private static Decision everything(Caller caller) {
        for (char p : new char[] {'c', 'r', 'u', 'd', 's'}) {
            if (!caller.may("*", p)) {
                return Decision.forbidden("this interaction needs the scope system/*.cruds");
            }
        }
        return Decision.ALLOW;
    }

    private static boolean unrestricted(Caller caller) {
        return caller.kind() == ClientKind.MUNICIPALITY || caller.kind() == ClientKind.AUDITOR || caller.kind() == ClientKind.REPORTING;
    }

    private Decision search(Caller caller, String type) {
        if (BUNDLE.equals(type)) {
            return acknowledgement(caller, null, 's');
        }
        Decision scoped = scoped(caller, type, 's');
        if (!scoped.allowed() || unrestricted(caller)) {
            return scoped;
        }
        if (caller.kind() == ClientKind.HOSPITAL && "ServiceRequest".equals(type)) {
            return Decision.narrowed("requester.identifier", caller.organisation());
        }
        if ("Task".equals(type) || "DocumentReference".equals(type)) {
            return Decision.narrowed("recipient", caller.organisation());
        }
        return Decision.forbidden("a " + caller.kind().claimValue() + " cannot search " + type);
    }

    private Decision instance(Caller caller, String type, String id, char permission) {
        if (BUNDLE.equals(type)) {
            return acknowledgement(caller, id, permission);
        }
        Decision scoped = scoped(caller, type, permission);
        if (!scoped.allowed() || unrestricted(caller)) {
            return scoped;
        }
        if (id == null && permission != 'r') {
            // a conditional update or delete could match what the caller may not see
            return Decision.forbidden("conditional " + (permission == 'u' ? "updates" : "deletes") + " are open to unrestricted callers only");
        }
        if (caller.kind() == ClientKind.HOSPITAL && "ServiceRequest".equals(type)) {
            return id == null || requestedBy(id, caller.organisation()) ? Decision.ALLOW : Decision.notFound();
        }
        if (permission == 'r' && ADDRESSED.containsKey(type)) {
            return id == null || !store.exists(type, id) || compartments.addressed(ADDRESSED.get(type), id, caller.organisation())
                    || caller.kind() == ClientKind.HOSPITAL && "Patient".equals(type) && compartments.planned(id, caller.organisation())
                    ? Decision.ALLOW : Decision.notFound();
        }
        return Decision.forbidden("a " + caller.kind().claimValue() + " cannot " + (permission == 'r' ? "read " : "change ") + type);
    }

    private static final String BUNDLE = "Bundle";

    /**
     * An acknowledgement (Bundle) read ({@code r}, {@code id}) or search ({@code s}): the municipality all, a hospital the
     * answers to what it sent (read of another's: 404, as for an id that does not exist; search narrowed with
     * {@code sender}); GP, reporting and auditor never. Acknowledgements are never changed over REST.
     */
    private Decision acknowledgement(Caller caller, String id, char permission) {
        if (caller.kind() != ClientKind.MUNICIPALITY && caller.kind() != ClientKind.HOSPITAL) {
            return Decision.forbidden("acknowledgements are read by the municipality and by the hospital that sent the message only");
        }
        if (permission != 'r' && permission != 's') {
            return Decision.forbidden("acknowledgements are read and searched, never changed");
        }
        Decision scoped = scoped(caller, BUNDLE, permission);
        if (!scoped.allowed() || caller.kind() == ClientKind.MUNICIPALITY) {
            return scoped;
        }
        if (permission == 's') {
            return Decision.narrowed("sender", caller.organisation());
        }
        return id != null && compartments.acknowledged(id, caller.organisation()) ? Decision.ALLOW : Decision.notFound();
    }

    /** Whether {@code caller} may do everything (then no request needs looking into). */
    public static boolean mayDoEverything(Caller caller) {
        return unrestricted(caller) && everything(caller).allowed();
    }

    /**
     * Whether plan {@code id}'s requester has {@code organisation} among its identifiers, from the plan and identifier
     * projections (no resource is read); an unknown id counts as its own (HAPI answers 404).
     */
    private boolean requestedBy(String id, String organisation) {
        return !store.exists("ServiceRequest", id) || compartments.requester(id, organisation);
    }
}
