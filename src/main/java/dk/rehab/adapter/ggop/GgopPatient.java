package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopParts.address;
import static dk.rehab.adapter.ggop.GgopParts.name;
import static dk.rehab.adapter.ggop.GgopParts.phones;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.patient.Cpr;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.w3c.dom.Element;

/**
 * The citizen: CPR number (required, valid), official name (required), address, phones, e-mail, the c/o address and the
 * relatives as contacts; the occupation as a note.
 *
 * @param cpr the CPR number as the document gives it (null when absent), for the message's correlation
 */
record GgopPatient(Patient patient, String cpr) {

    static GgopPatient map(GgopContext ctx) {
        GgopDocument doc = ctx.doc();
        String p = GgopContext.PLAN;
        Element element = doc.child(ctx.plan(), "Patient");
        Patient patient = new Patient();
        String cpr = doc.text(element, "CivilRegistrationNumber");
        String cprAt = p + "/Patient/CivilRegistrationNumber";
        if (cpr == null) {
            ctx.problems().add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan has no CPR number", cprAt);
        } else if (Cpr.problem(cpr) != null) {
            ctx.problems().add(ErrorCode.INVALID_CPR, Cpr.problem(cpr), cprAt);
        } else {
            patient.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_CPR).setValue(Cpr.normalise(cpr));
        }
        HumanName name = name(doc, element);
        if (name == null) {
            ctx.problems().add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the citizen has no name", p + "/Patient/PersonSurnameName");
        } else {
            patient.addName(name.setUse(HumanName.NameUse.OFFICIAL));
        }
        address(doc, element).ifPresent(patient::addAddress);
        phones(doc, element).forEach(patient::addTelecom);
        String email = doc.text(element, "EmailAddressIdentifier");
        if (email != null) {
            patient.addTelecom(GgopParts.email(email));
        }
        Element coAddress = doc.child(element, "CoAddress");
        if (coAddress != null) {
            Patient.ContactComponent contact = patient.addContact();
            contact.addRelationship().setText("c/o-adresse");
            contact.setName(name(doc, coAddress));
            address(doc, coAddress).ifPresent(contact::setAddress);
        }
        ctx.notes().add("Beskæftigelse", doc.text(element, "Occupation"));
        for (Element relative : doc.children(doc.child(ctx.plan(), "Relatives"), "Relative")) {
            Patient.ContactComponent contact = patient.addContact();
            String relation = doc.text(relative, "RelationCode");
            contact.addRelationship().setText(relation == null ? "pårørende" : relation);
            contact.setName(name(doc, relative));
            address(doc, relative).ifPresent(contact::setAddress);
            phones(doc, relative).forEach(contact::addTelecom);
            String relativeEmail = doc.text(relative, "EmailAddressIdentifier");
            if (relativeEmail != null) {
                contact.addTelecom(GgopParts.email(relativeEmail));
            }
        }
        return new GgopPatient(patient, cpr);
    }
}
