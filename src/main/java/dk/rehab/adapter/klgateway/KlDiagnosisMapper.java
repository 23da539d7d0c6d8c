package dk.rehab.adapter.klgateway;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;

/**
 * The plan's diagnosis ({@code rehab-condition}) to {@code klgateway-140-focus-condition}: the SKS code(s), clinical
 * status, subject. KL forbids category, severity, dates and notes there. Pure.
 */
public final class KlDiagnosisMapper {
    private KlDiagnosisMapper() {
    }

    public static Condition map(Condition diagnosis) {
        Condition kl = new Condition();
        kl.setId(diagnosis.getIdElement().getIdPart());
        Kl.profile(kl, Kl.FOCUS_CONDITION);
        CodeableConcept code = new CodeableConcept();
        diagnosis.getCode().getCoding().stream().filter(c -> Kl.SKS.equals(c.getSystem()))
                .forEach(c -> code.addCoding(new Coding(c.getSystem(), c.getCode(), c.getDisplay())));
        kl.setCode(code);
        kl.setClinicalStatus(diagnosis.hasClinicalStatus() ? diagnosis.getClinicalStatus().copy()
                : Kl.concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        kl.setSubject(new Reference(diagnosis.getSubject().getReference()));
        return kl;
    }
}
