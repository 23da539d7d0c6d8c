package dk.rehab.adapter.finalstatus;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.delivery.DeliveryPlanner;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.functionalstatus.Courses;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Produces a course's final status ({@code rehab-final-status}, a DocumentReference): the facts
 * ({@link FinalStatusAssembler}) rendered as a PDF ({@link FinalStatusPdf}) and as a FHIR document
 * ({@link FinalStatusDocument}), both inline as the document's two contents; subject the citizen, author the responsible
 * therapist, custodian the municipality, context the course and the plan. A stable master identifier lets every receiver
 * recognise a re-sent document. A second final status for the same course (the course finished again, or {@code $correct})
 * replaces the current one ({@code relatesTo.code = replaces}), which becomes {@code superseded}. Every new final status is
 * handed to {@link DeliveryPlanner}, in the same transaction. Runs inside the caller's transaction.
 */
@Service
public class FinalStatusService {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final FinalStatusAssembler assembler;
    private final DeliveryPlanner deliveries;
    private final Courses courses;
    private final FhirContext fhir;

    public FinalStatusService(ResourceStore store, JdbcTemplate jdbc, FinalStatusAssembler assembler, DeliveryPlanner deliveries,
                              Courses courses, FhirContext fhir) {
        this.store = store;
        this.jdbc = jdbc;
        this.assembler = assembler;
        this.deliveries = deliveries;
        this.courses = courses;
        this.fhir = fhir;
    }

    /** The final status of a course that has just finished; replaces the course's current final status, if any. */
    public DocumentReference forFinishedCourse(String courseId) {
        EpisodeOfCare course = courses.read(courseId).orElseThrow(() ->
                new IllegalStateException("CourseFinished for a course that is not stored: " + courseId));
        return generate(course, current(courseId).orElse(null));
    }

    /** A corrected final status: generated again from what is stored now, replacing {@code documentId}. */
    public DocumentReference correct(String documentId) {
        StoredResource stored = store.currentForUpdate("DocumentReference", documentId).orElseThrow(() ->
                new AdapterException(ErrorCode.NOT_FOUND, "there is no DocumentReference with id " + documentId, null));
        DocumentReference old = store.parse(stored, DocumentReference.class);
        if (old.getStatus() != DocumentReferenceStatus.CURRENT) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "only the current final status can be corrected; this one is "
                    + old.getStatus().toCode(), "DocumentReference.status");
        }
        String courseId = jdbc.queryForObject("select course_id from final_status where res_id = ?", String.class, documentId);
        EpisodeOfCare course = courses.read(courseId).orElseThrow();
        return generate(course, documentId);
    }

    public Optional<String> current(String courseId) {
        return jdbc.queryForList("select res_id from final_status where course_id = ? and status = 'current'", String.class, courseId)
                .stream().findFirst();
    }

    private DocumentReference generate(EpisodeOfCare course, String replaces) {
        String id = ResourceStore.newId();
        FinalStatusFacts facts = assembler.facts(id, replaces, course);
        byte[] pdf = FinalStatusPdf.render(facts);
        Bundle document = FinalStatusDocument.build(facts, fhir);
        byte[] json = fhir.newJsonParser().encodeResourceToString(document).getBytes(StandardCharsets.UTF_8);

        DocumentReference doc = new DocumentReference();
        doc.setId(id);
        doc.getMeta().addProfile(Canonical.PROFILE_FINAL_STATUS);
        doc.setMasterIdentifier(new Identifier().setSystem(Canonical.SYSTEM_FINAL_STATUS).setValue(id));
        doc.setStatus(DocumentReferenceStatus.CURRENT);
        doc.setDocStatus(replaces == null ? DocumentReference.ReferredDocumentStatus.FINAL : DocumentReference.ReferredDocumentStatus.AMENDED);
        DocumentKind kind = DocumentKind.of(facts);
        doc.setType(new CodeableConcept(new Coding(Canonical.CS_DOCUMENT_TYPES, kind.code(), kind.display())));
        doc.setSubject(new Reference("Patient/" + facts.patient().getIdElement().getIdPart()).setDisplay(FinalStatusText.name(facts.patient())));
        doc.setDate(Date.from(facts.created()));
        if (facts.therapist() != null) {
            doc.addAuthor(new Reference("Practitioner/" + facts.therapist().getIdElement().getIdPart())
                    .setDisplay(FinalStatusText.name(facts.therapist())));
        }
        if (facts.centre() != null) {
            doc.setCustodian(new Reference("Organization/" + facts.centre().getIdElement().getIdPart()).setDisplay(facts.centre().getName()));
        }
        if (replaces != null) {
            doc.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                    .setTarget(new Reference("DocumentReference/" + replaces)
                            .setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_FINAL_STATUS).setValue(replaces)));
        }
        doc.setDescription(kind.title());
        doc.addContent().setAttachment(attachment("application/pdf", pdf, kind.fileName() + ".pdf", facts));
        doc.addContent().setAttachment(attachment("application/fhir+json", json, kind.fileName() + " (FHIR-dokument)", facts));
        doc.getContext().addRelated(new Reference("EpisodeOfCare/" + course.getIdElement().getIdPart()));
        if (facts.plan() != null) {
            doc.getContext().addRelated(new Reference("ServiceRequest/" + facts.plan().getIdElement().getIdPart()));
        }
        if (course.hasPeriod()) {
            doc.getContext().setPeriod(course.getPeriod().copy());
        }
        DocumentReference stored = store.create(doc);
        String patientId = facts.patient().getIdElement().getIdPart();
        jdbc.update("insert into final_status (res_id, course_id, patient_id, identifier, status, replaces_id, created) values (?,?,?,?,?,?,?)",
                id, course.getIdElement().getIdPart(), patientId, id, "current", replaces, facts.created().atOffset(ZoneOffset.UTC));
        store.indexIdentifiers("DocumentReference", id, List.of(stored.getMasterIdentifier()));
        if (replaces != null) {
            supersede(replaces);
        }
        deliveries.plan(stored, course, facts.plan(), facts.patient());
        return stored;
    }

    private void supersede(String documentId) {
        StoredResource current = store.currentForUpdate("DocumentReference", documentId).orElseThrow();
        DocumentReference old = store.parse(current, DocumentReference.class);
        old.setStatus(DocumentReferenceStatus.SUPERSEDED);
        store.update(old, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the final status was changed concurrently", null));
        jdbc.update("update final_status set status = 'superseded' where res_id = ?", documentId);
        deliveries.supersede(documentId);
    }

    private static Attachment attachment(String contentType, byte[] data, String title, FinalStatusFacts facts) {
        Attachment a = new Attachment();
        a.setContentType(contentType);
        a.setLanguage("da");
        a.setData(data);
        a.setSize(data.length);
        a.setHash(sha1(data));
        a.setTitle(title);
        a.setCreation(Date.from(facts.created()));
        return a;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
