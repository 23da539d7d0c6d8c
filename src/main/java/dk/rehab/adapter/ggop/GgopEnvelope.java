package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopParts.dateTime;
import static dk.rehab.adapter.ggop.Texts.join;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Notes;
import dk.rehab.adapter.fhir.Problems;
import org.w3c.dom.Element;

/**
 * The envelope and the letter of a GGOP: the identifiers that make the message's key (the envelope's is required, or
 * there is nothing to acknowledge: 400), the letter's version and type, and their remaining data as notes.
 */
record GgopEnvelope(Element envelope, Element plan, Element letter, String envelopeId, String letterId) {
    /** The longest envelope or letter identifier taken (the two form the message's key; MedCom's are 14 digits). */
    static final int MAX_IDENTIFIER = 64;

    /** Reads the identifiers; throws (400) when the envelope has none, or either is too long to be a key. */
    static GgopEnvelope read(GgopDocument doc) {
        Element envelope = doc.child(doc.root(), "Envelope");
        String envelopeId = doc.text(envelope, "Identifier");
        if (envelopeId == null) {
            throw new AdapterException(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "the envelope has no Identifier: there is no message to acknowledge", "/Emessage/Envelope/Identifier");
        }
        if (envelopeId.length() > MAX_IDENTIFIER) {
            throw new AdapterException(ErrorCode.INVALID_IDENTIFIER, "the envelope Identifier has " + envelopeId.length()
                    + " characters; a MedCom identifier has at most " + MAX_IDENTIFIER, "/Emessage/Envelope/Identifier");
        }
        Element plan = doc.child(doc.root(), "RehabilitationPlan");
        Element letter = doc.child(plan, "Letter");
        String letterId = doc.text(letter, "Identifier");
        if (letterId != null && letterId.length() > MAX_IDENTIFIER) {
            throw new AdapterException(ErrorCode.INVALID_IDENTIFIER, "the letter Identifier has " + letterId.length()
                    + " characters; a MedCom identifier has at most " + MAX_IDENTIFIER, "/Emessage/RehabilitationPlan/Letter/Identifier");
        }
        return new GgopEnvelope(envelope, plan, letter, envelopeId, letterId);
    }

    /** The message's key for exactly-once receipt: the envelope's identifier and the letter's. */
    String key() {
        return envelopeId + (letterId == null ? "" : ":" + letterId);
    }

    /** The letter's own problems: no identifier, another version than GGOP100, another type than GGOP. */
    void check(GgopDocument doc, Problems problems) {
        String p = GgopContext.PLAN;
        if (letterId == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the letter has no Identifier", p + "/Letter/Identifier");
        }
        String version = doc.text(letter, "VersionCode");
        if (version != null && !"GGOP100".equals(version)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the adapter reads GGOP version GGOP100, not " + version, p + "/Letter/VersionCode");
        }
        String typeCode = doc.text(letter, "TypeCode");
        if (typeCode != null && !"GGOP".equals(typeCode)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the letter's TypeCode must be GGOP, was " + typeCode, p + "/Letter/TypeCode");
        }
    }

    /** The notes "Forsendelse" (envelope) and "Brev" (letter). */
    void notes(GgopDocument doc, Notes notes) {
        Element sent = doc.child(envelope, "Sent");
        notes.add("Forsendelse", join("; ", "envelope " + envelopeId, "sendt " + dateTime(doc, sent),
                "kvitteringstype " + doc.text(envelope, "AcknowledgementCode")));
        notes.add("Brev", join("; ", "brev " + letterId, "version " + doc.text(letter, "VersionCode"),
                "statistikkode " + doc.text(letter, "StatisticalCode"), "godkendt " + dateTime(doc, doc.child(letter, "Authorisation")),
                "type " + doc.text(letter, "TypeCode")));
    }
}
