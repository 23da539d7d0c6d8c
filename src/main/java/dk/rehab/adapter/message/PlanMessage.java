package dk.rehab.adapter.message;

import dk.rehab.adapter.fhir.Problem;
import java.util.List;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * One inbound hospital message, whatever its format, as the intake needs it: its identity (channel and key),
 * who sent it and where acknowledgements go, what it does (new, modified, retract), which earlier message it
 * corrects or withdraws, and the plan's resources mapped to FHIR. {@code problems} are what the format's
 * reader already found wrong; when there are any, the message is answered with a fatal error and nothing is
 * stored but the answer.
 *
 * @param messageKey the MessageHeader.id, or the GGOP envelope and letter identifiers
 * @param ackIdentifier what the acknowledgement's {@code response.identifier} names (the MessageHeader.id, the
 *     GGOP envelope identifier)
 * @param refersTo the key of the message a correction or retraction refers to, or null
 * @param correlation for GGOP: a hash of sender, citizen and hospital contact; a later plan with the same value
 *     corrects the earlier one. Null for FHIR messages (they name the message they correct).
 */
public record PlanMessage(String channel, String messageKey, String bundleKey, String ackIdentifier, Organization sender,
                          String sourceEndpoint, String activity, String refersTo, String correlation, List<Entry> entries,
                          List<Problem> problems, String contentType, byte[] body) {

    /** A resource of the message, with its fullUrl (or null) and the FHIRPath (or XML path) errors about it name. */
    public record Entry(String fullUrl, Resource resource, String at) {
    }
}
