package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopParts.codeText;
import static dk.rehab.adapter.ggop.GgopParts.dateTime;
import static dk.rehab.adapter.ggop.GgopParts.describe;
import static dk.rehab.adapter.ggop.GgopParts.person;
import static dk.rehab.adapter.ggop.Texts.join;
import static dk.rehab.adapter.ggop.Texts.markdown;

import dk.rehab.adapter.fhir.Notes;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.StringType;
import org.w3c.dom.Element;

/**
 * The plan's clinical and training content, which has no structured home in the plan: the free texts, ambulatory
 * control, functional ability at discharge (the extended text's formatting as Markdown), rehabilitation need and
 * potential, ICF classifications, journal excerpts (author and date in the Annotation), the contacts in region and
 * municipality, the care team and references, each as a note under its Danish heading.
 */
final class GgopClinicalNotes {
    private GgopClinicalNotes() {
    }

    static void map(GgopContext ctx) {
        GgopDocument doc = ctx.doc();
        Element plan = ctx.plan();
        Notes notes = ctx.notes();
        notes.add("Information til patient og pårørende", doc.text(plan, "InformationForPatientAndRelatives"));
        notes.add("Praktiske oplysninger", doc.text(plan, "PracticalInformation"));
        notes.add("Patientsikkerhed", doc.text(plan, "PatientSafetyAspects"));
        Element ambulatory = doc.child(plan, "HospitalAmbulatoryControl");
        if (ambulatory != null) {
            String when = dateTime(doc, doc.child(ambulatory, "ExpectedStart"));
            String whenText = doc.text(ambulatory, "ExpectedStartText");
            Element location = doc.child(ambulatory, "Location");
            notes.add("Ambulant kontrol", join("; ", when, whenText, location == null ? null : "sted: " + describe(doc, location)));
        }
        notes.add("Helbredsoplysninger", doc.text(plan, "PatientHealthSummary"));
        notes.add("Funktionsevne ved udskrivning", doc.text(plan, "AbilityAtDischargeSummary"));
        Element extended = doc.child(plan, "AbilityAtDischargeExtended");
        if (extended != null) {
            doc.markAll(extended);
            notes.add("Funktionsevne ved udskrivning, uddybet", markdown(extended));
        }
        notes.add("Genoptræningsbehov og potentiale", doc.text(plan, "RehabilitationNeedAndPotential"));
        for (Element icf : doc.children(doc.child(plan, "ICFClassifications"), "ICFClassification")) {
            notes.add("ICF-klassifikation", join("; ", codeText(doc, doc.child(icf, "ICFCode")),
                    "gradient " + codeText(doc, doc.child(icf, "ICFGradient"))));
        }
        for (Element excerpt : doc.children(plan, "JournalExcerpt")) {
            notes.add(excerpt(doc, excerpt));
        }
        notes.add("Kontakt i regionen", describe(doc, doc.child(plan, "ContactCounty")));
        notes.add("Kontakt i kommunen", describe(doc, doc.child(plan, "ContactMunicipality")));
        for (Element member : doc.children(doc.child(plan, "HealthCareTeam"), "Member")) {
            notes.add("Behandlerteam", person(doc, member));
        }
        for (Element reference : doc.children(plan, "Reference")) {
            notes.add("Henvisning", join(": ", doc.text(reference, "RefDescription"), doc.text(reference, "URL")));
        }
    }

    /** A journal excerpt: its kind as the heading, its comment as Markdown, signer and date as author and time. */
    private static Annotation excerpt(GgopDocument doc, Element excerpt) {
        String kind = doc.text(excerpt, "TypeOfExcerpt");
        Element signer = doc.child(excerpt, "Signer");
        String signedBy = person(doc, doc.child(signer, "SignedBy"));
        String signedOn = doc.text(signer, "Date");
        Element comment = doc.child(excerpt, "Comment");
        String text = comment == null ? null : markdown(comment);
        if (comment != null) {
            doc.markAll(comment);
        }
        Annotation annotation = new Annotation().setText("**Journaluddrag" + (kind == null ? "" : ": " + kind) + "**\n\n"
                + (text == null ? "" : text));
        if (signedBy != null) {
            annotation.setAuthor(new StringType(signedBy));
        }
        if (Texts.isDate(signedOn)) {
            annotation.setTimeElement(new DateTimeType(signedOn));
        }
        return annotation;
    }
}
