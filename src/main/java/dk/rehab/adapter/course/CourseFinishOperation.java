package dk.rehab.adapter.course;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteTransactions;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/EpisodeOfCare/{id}/$finish} between HTTP and {@link CourseFinish}: reads the Parameters body
 * (JSON or XML), runs the finish in one transaction, and answers with Parameters: {@code course} (the finished
 * EpisodeOfCare), {@code finalStatus} (the final status DocumentReference), {@code plan} (the completed plan),
 * one {@code cancelledSession} per session cancelled and one {@code functionalStatus} per assessment recorded.
 */
@Component
public class CourseFinishOperation {
    private final FhirContext fhir;
    private final WriteTransactions transactions;
    private final CourseFinish finish;
    private final CourseService courses;

    public CourseFinishOperation(FhirContext fhir, WriteTransactions transactions, CourseFinish finish, CourseService courses) {
        this.fhir = fhir;
        this.transactions = transactions;
        this.finish = finish;
        this.courses = courses;
    }

    public Parameters run(String courseId, RequestDetails request) {
        Parameters parameters = parameters(request);
        Problems problems = new Problems();
        FinishRequest parsed = FinishRequest.parse(parameters, problems);
        problems.throwIfAny();
        CourseFinish.Result result = transactions.run(() -> finish.finish(courseId, copy(parsed)));
        Parameters answer = new Parameters();
        answer.addParameter().setName("course").setResource(courses.decorate(result.course()));
        if (result.finalStatusId() != null) {
            answer.addParameter().setName("finalStatus").setValue(new Reference("DocumentReference/" + result.finalStatusId()));
        }
        if (result.planId() != null) {
            answer.addParameter().setName("plan").setValue(new Reference("ServiceRequest/" + result.planId()));
        }
        result.cancelledSessions().forEach(s -> answer.addParameter().setName("cancelledSession").setValue(new Reference("Appointment/" + s)));
        result.recordedAssessments().forEach(o -> answer.addParameter().setName("functionalStatus").setValue(new Reference("Observation/" + o)));
        return answer;
    }

    /** A fresh copy for each attempt of the transaction (a retried attempt must not see the first one's changes). */
    private static FinishRequest copy(FinishRequest r) {
        return new FinishRequest(r.endReason().copy(), r.end(), r.functionalStatus().stream().map(o -> o.copy()).toList(),
                r.finalAssessments().stream().map(Reference::copy).toList());
    }

    private Parameters parameters(RequestDetails request) {
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            throw new AdapterException(ErrorCode.INVALID_PARAMETERS, "$finish takes a Parameters body with endReason (and the final "
                    + "functional status)", null);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String type = String.valueOf(request.getHeader("Content-Type"));
        IBaseResource parsed;
        try {
            parsed = (type.contains("xml") ? fhir.newXmlParser() : fhir.newJsonParser()).parseResource(text);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the body is not a well-formed FHIR Parameters resource", null);
        }
        if (!(parsed instanceof Parameters p)) {
            throw new AdapterException(ErrorCode.WRONG_RESOURCE_TYPE, "$finish takes a Parameters resource, not " + parsed.fhirType(), null);
        }
        return p;
    }
}
