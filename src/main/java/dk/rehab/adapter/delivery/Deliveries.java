package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UrlType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The delivery outbox ({@code delivery}) and the Task resource that shows each row in FHIR
 * ({@code rehab-delivery-task}). Every change of a row writes a new version of its Task in the same transaction.
 */
@Repository
public class Deliveries {
    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final OutboundSenders senders;
    private final ca.uhn.fhir.context.FhirContext fhir;

    public Deliveries(JdbcTemplate jdbc, ResourceStore store, OutboundSenders senders, ca.uhn.fhir.context.FhirContext fhir) {
        this.jdbc = jdbc;
        this.store = store;
        this.senders = senders;
        this.fhir = fhir;
    }

    private static final String INSERT = "insert into delivery (task_id, document_id, patient_id, recipient_kind, recipient_system, "
            + "recipient_value, recipient_name, recipient_ref, endpoint, state, attempts, next_attempt, last_error, delivered_at, "
            + "receiver_location, created, payload) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    public void insert(Delivery d) {
        jdbc.update(INSERT, columns(d));
        store.create(task(d, (String) null));
    }

    /** {@link #insert} of many rows: one batched statement for the rows and one per table for their Tasks. */
    public void insertMany(List<Delivery> ds) {
        if (ds.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, ds.stream().map(Deliveries::columns).toList());
        store.createMany(ds.stream().map(d -> task(d, (String) null)).toList());
    }

    private static Object[] columns(Delivery d) {
        return new Object[] {d.taskId(), d.documentId(), d.patientId(), d.recipientKind(), d.recipientSystem(), d.recipientValue(),
                d.recipientName(), d.recipientRef(), d.endpoint(), d.state().code(), d.attempts(), utc(d.nextAttempt()), d.lastError(),
                utc(d.deliveredAt()), d.receiverLocation(), utc(d.created()), d.payload() == null ? Delivery.FINAL_STATUS : d.payload()};
    }

    public Optional<Delivery> find(String taskId) {
        return jdbc.query("select * from delivery where task_id = ?", Deliveries::row, taskId).stream().findFirst();
    }

    public Optional<Delivery> lock(String taskId) {
        return jdbc.query("select * from delivery where task_id = ? for update", Deliveries::row, taskId).stream().findFirst();
    }

    public List<Delivery> forDocument(String documentId) {
        return jdbc.query("select * from delivery where document_id = ? order by created, task_id", Deliveries::row, documentId);
    }

    /** Writes the row's new state and the next version of its Task (a refusal recorded earlier stays on it). */
    public void save(Delivery d) {
        save(d, jdbc.queryForObject("select refusal from delivery where task_id = ?", String.class, d.taskId()));
    }

    /**
     * Writes the row's new state with {@code refusal} (the receiver's OperationOutcome as FHIR JSON, or null) and the next
     * version of its Task, which shows the refusal as a contained OperationOutcome named by its output {@code refusal}.
     */
    public void save(Delivery d, String refusal) {
        jdbc.update("update delivery set refusal = ? where task_id = ?", refusal, d.taskId());
        jdbc.update("update delivery set endpoint = ?, state = ?, attempts = ?, next_attempt = ?, claimed_until = null, last_error = ?, "
                        + "delivered_at = ?, receiver_location = ? where task_id = ?",
                d.endpoint(), d.state().code(), d.attempts(), utc(d.nextAttempt()), d.lastError(), utc(d.deliveredAt()),
                d.receiverLocation(), d.taskId());
        StoredResource current = store.currentForUpdate("Task", d.taskId()).orElseThrow();
        store.update(task(d, refusal), current.version()).orElseThrow();
    }

    /** The due deliveries not claimed by anyone, oldest first. */
    public List<String> due(Instant now, int limit) {
        return jdbc.queryForList("select task_id from delivery where state in ('pending', 'retrying') and next_attempt <= ? "
                + "and (claimed_until is null or claimed_until < ?) order by next_attempt, task_id limit " + limit, String.class, utc(now), utc(now));
    }

    /**
     * Claims a due delivery until {@code until}; false when another worker has it, or it is no longer due (delivered, or
     * attempted by another worker since it was listed and now waiting for its next attempt). One atomic statement.
     */
    public boolean claim(String taskId, Instant now, Instant until) {
        return jdbc.update("update delivery set claimed_until = ? where task_id = ? and state in ('pending', 'retrying') "
                + "and next_attempt <= ? and (claimed_until is null or claimed_until < ?)", utc(until), taskId, utc(now), utc(now)) == 1;
    }

    /** The Task that shows a delivery, with the receiver's refusal (OperationOutcome JSON) when there is one. */
    Task task(Delivery d, String refusal) {
        Task t = task(d, senders.of(d).taskText(d));
        if (refusal != null) {
            org.hl7.fhir.r4.model.OperationOutcome outcome = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.OperationOutcome.class, refusal);
            outcome.setId("refusal");
            outcome.setMeta(null);
            t.addContained(outcome);
            t.addOutput().setType(new CodeableConcept().setText("refusal")).setValue(new Reference("#refusal"));
        }
        return t;
    }

    /** The Task that shows a delivery, in the words of its kind ({@code text}, from the row's {@link OutboundSender}). */
    static Task task(Delivery d, OutboundSender.TaskText text) {
        Task t = new Task();
        t.setId(d.taskId());
        t.getMeta().addProfile(Canonical.PROFILE_DELIVERY_TASK);
        t.setStatus(switch (d.state()) {
            case PENDING -> Task.TaskStatus.REQUESTED;
            case RETRYING -> Task.TaskStatus.INPROGRESS;
            case DELIVERED -> Task.TaskStatus.COMPLETED;
            case FAILED -> Task.TaskStatus.FAILED;
            case NO_ENDPOINT -> Task.TaskStatus.ONHOLD;
            case NO_CONSENT, NOT_WANTED, NO_RECIPIENT, SUPERSEDED -> Task.TaskStatus.CANCELLED;
        });
        t.setBusinessStatus(new CodeableConcept(new Coding(Canonical.CS_DELIVERY_STATUS, d.state().code(), display(d.state()))));
        String reason = switch (d.state()) {
            case RETRYING, FAILED -> d.lastError();
            case NO_CONSENT -> "the citizen has not consented to the GP receiving the final status";
            case NOT_WANTED -> "the plan deselected the GP copy";
            case NO_RECIPIENT -> "neither the plan nor the citizen names a GP";
            case NO_ENDPOINT -> text.noEndpoint();
            case SUPERSEDED -> text.superseded();
            default -> null;
        };
        if (reason != null) {
            t.setStatusReason(new CodeableConcept().setText(reason));
        }
        t.setIntent(Task.TaskIntent.ORDER);
        t.setCode(new CodeableConcept(text.code()).setText(text.text()));
        t.setDescription(text.description());
        t.setFocus(new Reference(text.focusType() + "/" + d.documentId()));
        t.setFor(new Reference("Patient/" + d.patientId()));
        t.setAuthoredOn(Date.from(d.created()));
        t.setLastModified(new Date());
        t.getExecutionPeriod().setStart(Date.from(d.created()));
        if (d.deliveredAt() != null) {
            t.getExecutionPeriod().setEnd(Date.from(d.deliveredAt()));
        }
        Reference recipient = new Reference();
        if (d.recipientRef() != null) {
            recipient.setReference(d.recipientRef());
        } else if (d.recipientSystem() != null) {
            recipient.setIdentifier(new Identifier().setSystem(d.recipientSystem()).setValue(d.recipientValue()));
        }
        recipient.setDisplay(text.recipient());
        t.getRestriction().addRecipient(recipient);
        if (d.endpoint() != null) {
            t.addInput().setType(new CodeableConcept().setText("endpoint")).setValue(new UrlType(d.endpoint()));
        }
        t.addOutput().setType(new CodeableConcept().setText("attempts")).setValue(new IntegerType(d.attempts()));
        if (d.receiverLocation() != null) {
            t.addOutput().setType(new CodeableConcept().setText("receiver-location")).setValue(new UrlType(d.receiverLocation()));
        }
        return t;
    }

    static String display(Delivery.State state) {
        return switch (state) {
            case PENDING -> "Pending";
            case RETRYING -> "Retrying";
            case DELIVERED -> "Delivered";
            case FAILED -> "Failed";
            case NO_CONSENT -> "Not sent: no consent";
            case NOT_WANTED -> "Not sent: GP copy deselected";
            case NO_RECIPIENT -> "Not sent: no GP known";
            case NO_ENDPOINT -> "Not sent: no endpoint known";
            case SUPERSEDED -> "Not sent: superseded";
        };
    }

    static String error(String message) {
        String scrubbed = Outcomes.scrub(message == null ? "unknown error" : message);
        return scrubbed.length() > 900 ? scrubbed.substring(0, 900) + "…" : scrubbed;
    }

    private static Delivery row(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getString("task_id"), rs.getString("document_id"), rs.getString("patient_id"), rs.getString("recipient_kind"),
                rs.getString("recipient_system"), rs.getString("recipient_value"), rs.getString("recipient_name"), rs.getString("recipient_ref"),
                rs.getString("endpoint"), Delivery.State.of(rs.getString("state")), rs.getInt("attempts"), instant(rs, "next_attempt"),
                rs.getString("last_error"), instant(rs, "delivered_at"), rs.getString("receiver_location"), instant(rs, "created"),
                rs.getString("payload"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

}
