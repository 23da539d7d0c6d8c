package dk.rehab.adapter.audit;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;

/**
 * The Patient a resource is about ({@code Patient/id}), from the element that names it (subject, patient, for,
 * beneficiary; an Appointment's Patient participant), cheaply: no FHIRPath, and for stored JSON a text search, as
 * HAPI's encoder writes a reference ({@code "subject":{"reference":"Patient/…"}}).
 */
final class PatientRefs {
    private static final String[] ELEMENTS = {"subject", "patient", "for", "beneficiary"};
    private static final String[] JSON = {"\"subject\":{\"reference\":\"Patient/", "\"patient\":{\"reference\":\"Patient/",
            "\"for\":{\"reference\":\"Patient/", "\"actor\":{\"reference\":\"Patient/"};

    private PatientRefs() {
    }

    static String of(IBaseResource resource) {
        if (resource instanceof Patient patient) {
            return patient.getIdElement().hasIdPart() ? "Patient/" + patient.getIdElement().getIdPart() : null;
        }
        if (resource instanceof Appointment appointment) {
            for (Appointment.AppointmentParticipantComponent participant : appointment.getParticipant()) {
                String ref = patient(participant.getActor());
                if (ref != null) {
                    return ref;
                }
            }
            return null;
        }
        if (!(resource instanceof Base base)) {
            return null;
        }
        for (String element : ELEMENTS) {
            Property property;
            try {
                property = base.getNamedProperty(element);
            } catch (RuntimeException e) {
                continue; // not an element of this type
            }
            if (property != null && property.hasValues()) {
                for (Base value : property.getValues()) {
                    String ref = value instanceof Reference reference ? patient(reference) : null;
                    if (ref != null) {
                        return ref;
                    }
                }
            }
        }
        return null;
    }

    private static String patient(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        org.hl7.fhir.instance.model.api.IIdType id = reference.getReferenceElement();
        return "Patient".equals(id.getResourceType()) && id.hasIdPart() ? "Patient/" + id.getIdPart() : null;
    }

    /** The Patient of a stored resource of {@code type}, from its JSON. */
    static String ofJson(String type, String id, String json) {
        if ("Patient".equals(type)) {
            return "Patient/" + id;
        }
        for (String marker : JSON) {
            int at = json.indexOf(marker);
            if (at >= 0) {
                int start = at + marker.length();
                int end = json.indexOf('"', start);
                int slash = json.indexOf('/', start);
                if (end > start) {
                    return "Patient/" + json.substring(start, slash > 0 && slash < end ? slash : end);
                }
            }
        }
        return null;
    }
}
