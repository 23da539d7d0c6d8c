package dk.rehab.adapter.ggop;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.message.MessageIntake;
import dk.rehab.adapter.message.PlanMessage;
import dk.rehab.adapter.security.AccessRules;
import dk.rehab.adapter.security.Callers;
import dk.rehab.adapter.security.Decision;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /medcom/ggop}: a MedCom GGOP (OIOXML, {@code application/xml} or {@code text/xml}, UTF-8 with or
 * without a byte-order mark) in; the acknowledgement message out (HTTP 200, FHIR JSON): {@code ok} with the plan's
 * ServiceRequest id, or {@code fatal-error} with the reasons. A body that is not a GGOP document at all (not
 * well-formed, another root or namespace, no envelope identifier) is answered 400 with an OperationOutcome; a
 * content type other than XML 415. A hospital's GGOP whose Sender is not the hospital of the token is answered 403
 * forbidden (OperationOutcome), before anything is stored or acknowledged ({@link AccessRules#sendsGgopInOwnName}).
 */
@RestController
public class GgopController {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GgopController.class);
    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

    private final GgopMapper mapper;
    private final MessageIntake intake;
    private final FhirContext fhir;
    private final AccessRules rules;

    public GgopController(GgopMapper mapper, MessageIntake intake, FhirContext fhir, AccessRules rules) {
        this.mapper = mapper;
        this.rules = rules;
        this.intake = intake;
        this.fhir = fhir;
    }

    @PostMapping(path = "/medcom/ggop", consumes = MediaType.ALL_VALUE)
    public ResponseEntity<String> receive(@RequestBody(required = false) byte[] body,
                                          @RequestHeader(name = "Content-Type", required = false) String contentType) {
        try {
            if (contentType == null || !(contentType.startsWith("application/xml") || contentType.startsWith("text/xml"))) {
                throw new AdapterException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "a GGOP is sent as application/xml (UTF-8); the content type was " + contentType, null);
            }
            PlanMessage message = mapper.map(body, contentType);
            // A hospital sends in its own name only: decided before anything is stored or acknowledged.
            Decision sender = Callers.current().map(caller -> rules.sendsGgopInOwnName(caller, message.sender())).orElse(null);
            if (sender == null || !sender.allowed()) {
                throw new AdapterException(ErrorCode.FORBIDDEN, sender == null ? "no authenticated caller" : sender.reason(), null);
            }
            return ResponseEntity.ok().contentType(FHIR_JSON).body(intake.receive(message));
        } catch (AdapterException refused) {
            return error(refused.problems());
        } catch (RuntimeException fault) {
            // A fault of the adapter's own (a document's faults are AdapterExceptions): 500, as an OperationOutcome, nothing stored.
            LOG.error("GGOP could not be processed: {}: {}", fault.getClass().getName(), Outcomes.scrub(fault.getMessage()));
            return error(List.of(new Problem(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.display(), null)));
        }
    }

    private ResponseEntity<String> error(List<Problem> problems) {
        return ResponseEntity.status(problems.get(0).code().httpStatus()).contentType(FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(Outcomes.of(problems)));
    }
}
