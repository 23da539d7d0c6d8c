package dk.rehab.adapter.ggop;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.message.PlanMessage;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.w3c.dom.Element;

/**
 * The ICD-10 diagnoses: one Condition per primary (aktionsdiagnose) and secondary (bidiagnose) diagnosis, SKS-coded
 * (a code is required), each a reason of the plan; a code type other than ICD10kode is kept as the Condition's note.
 */
final class GgopDiagnoses {
    private GgopDiagnoses() {
    }

    /** The Conditions as entries, in document order; each is added to {@code request}'s reasonReference. */
    static List<PlanMessage.Entry> map(GgopContext ctx, ServiceRequest request) {
        GgopDocument doc = ctx.doc();
        List<PlanMessage.Entry> entries = new ArrayList<>();
        int diagnosis = 0;
        for (Element diagnoses : doc.children(doc.child(ctx.plan(), "ICD10Diagnoses"), "ICD10Diagnose")) {
            for (String kind : List.of("PrimaryDiagnosis", "SecondaryDiagnosis")) {
                for (Element d : doc.children(diagnoses, kind)) {
                    String code = doc.text(d, "Code");
                    String text = doc.text(d, "Text");
                    String codeType = doc.text(d, "TypeCode");
                    if (code == null) {
                        ctx.problems().add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a diagnosis needs a Code", GgopDocument.path(d) + "/Code");
                        continue;
                    }
                    Condition condition = new Condition();
                    condition.getCode().addCoding(new Coding(Canonical.SYSTEM_SKS, code, text));
                    if (text != null) {
                        condition.getCode().setText(text);
                    }
                    condition.addCategory().setText("PrimaryDiagnosis".equals(kind) ? "aktionsdiagnose" : "bidiagnose");
                    condition.setSubject(new Reference(ctx.ids().of("patient")));
                    if (codeType != null && !"ICD10kode".equalsIgnoreCase(codeType)) {
                        condition.addNote().setText("Kodetype: " + codeType);
                    }
                    String fullUrl = ctx.ids().of("condition-" + diagnosis++);
                    request.addReasonReference(new Reference(fullUrl));
                    entries.add(new PlanMessage.Entry(fullUrl, condition, "Condition (" + GgopDocument.path(d) + ")"));
                }
            }
        }
        return entries;
    }
}
