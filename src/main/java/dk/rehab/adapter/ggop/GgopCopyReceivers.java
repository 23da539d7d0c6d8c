package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopOrganizations.logical;

import dk.rehab.adapter.fhir.Canonical;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.w3c.dom.Element;

/**
 * Who else gets the plan or its outcome: the GP copy receiver or its deselection ({@code gp-copy}), the other copy
 * receivers (notes "Kopimodtager"), and the final-status receivers ({@code final-status-receiver}).
 */
final class GgopCopyReceivers {
    private GgopCopyReceivers() {
    }

    static void map(GgopContext ctx, ServiceRequest request) {
        GgopDocument doc = ctx.doc();
        Element gp = doc.child(ctx.plan(), "GPCCReceiver");
        if (gp != null) {
            Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
            Element gpReceiver = doc.child(gp, "CCReceiver");
            boolean deselected = doc.child(gp, "Deselected") != null;
            gpCopy.addExtension("wanted", new BooleanType(!deselected && gpReceiver != null));
            if (gpReceiver != null) {
                gpCopy.addExtension("receiver", logical(doc, gpReceiver));
            }
            request.addExtension(gpCopy);
        }
        for (Element cc : doc.children(ctx.plan(), "CCReceiver")) {
            ctx.notes().add("Kopimodtager", GgopParts.describe(doc, cc));
        }
        for (Element resultReceiver : doc.children(doc.child(ctx.plan(), "FinalResult"), "ResultReceiver")) {
            request.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, logical(doc, resultReceiver)));
        }
    }
}
