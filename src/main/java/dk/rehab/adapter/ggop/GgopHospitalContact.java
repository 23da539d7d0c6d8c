package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopParts.dateTime;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.w3c.dom.Element;

/**
 * The current hospital contact: the expected discharge date (required, a date) as the plan's PreconditionDate; the
 * discharge time, the discharge text and the admission as notes.
 */
final class GgopHospitalContact {
    private GgopHospitalContact() {
    }

    /** Maps the contact onto {@code request}; returns the admission (date and time as given), or null. */
    static String map(GgopContext ctx, ServiceRequest request) {
        GgopDocument doc = ctx.doc();
        Element contact = doc.child(ctx.plan(), "CurrentHospitalContact");
        Element end = doc.child(contact, "ExpectedEnd");
        String discharge = doc.text(end, "Date");
        String dischargeAt = GgopContext.PLAN + "/CurrentHospitalContact/ExpectedEnd/Date";
        if (discharge == null) {
            String endText = doc.text(contact, "ExpectedEndText");
            ctx.problems().add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan has no discharge date (CurrentHospitalContact/ExpectedEnd/Date)"
                    + (endText == null ? "" : "; ExpectedEndText is not a date"), dischargeAt);
        } else if (!Texts.isDate(discharge)) {
            ctx.problems().add(ErrorCode.INVALID_VALUE, "the discharge date is not a date (YYYY-MM-DD, a day that exists)", dischargeAt);
        } else {
            request.addExtension(new Extension(Canonical.EXT_PRECONDITION_DATE, new DateType(discharge)));
        }
        ctx.notes().add("Forventet udskrivningstidspunkt", doc.text(end, "Time"));
        ctx.notes().add("Forventet udskrivning (tekst)", doc.text(contact, "ExpectedEndText"));
        String admission = dateTime(doc, doc.child(contact, "Start"));
        ctx.notes().add("Indlagt fra", admission);
        return admission;
    }
}
