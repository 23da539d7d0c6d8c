package dk.rehab.adapter.finalstatus;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.Placeholders;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The final status as a FHIR document: a Bundle of type document whose first
 * entry is a Composition with one section per part of {@link FinalStatusText} (narrative = the PDF's words), and the
 * resources that carry the same facts as structured data: the citizen, the course (EpisodeOfCare, with legal basis and
 * end reason), its sessions (Appointments, with their attendance), the FSIII assessments at start and end
 * (Observations, with the expected level), the therapist and the centre. Entries are named {@code urn:uuid:} derived
 * from their type and id, and every reference between them points at those names; references to what the document does
 * not hold keep only their display. Pure: the same facts give the same document.
 */
public final class FinalStatusDocument {
    private FinalStatusDocument() {
    }

    public static Bundle build(FinalStatusFacts f, FhirContext fhir) {
        Map<String, Resource> entries = new LinkedHashMap<>();
        put(entries, f.patient());
        put(entries, f.course());
        if (f.therapist() != null) {
            put(entries, f.therapist());
        }
        if (f.centre() != null) {
            put(entries, f.centre());
        }
        f.appointments().forEach(a -> put(entries, a));
        for (FinalStatusFacts.AreaLine line : f.areas()) {
            if (line.start() != null) {
                put(entries, line.start());
            }
            if (line.end() != null) {
                put(entries, line.end());
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        entries.keySet().forEach(key -> names.put(key, urn(key)));

        Composition composition = new Composition();
        composition.setId(f.documentId());
        composition.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_FINAL_STATUS).setValue(f.documentId()));
        composition.setStatus(f.corrects() == null ? Composition.CompositionStatus.FINAL : Composition.CompositionStatus.AMENDED);
        composition.setType(new CodeableConcept(new Coding(Canonical.CS_DOCUMENT_TYPES, DocumentKind.of(f).code(), DocumentKind.of(f).display())));
        composition.setSubject(new Reference(names.get(key(f.patient()))));
        composition.setDate(Date.from(f.created()));
        composition.addAuthor(f.therapist() != null ? new Reference(names.get(key(f.therapist())))
                : f.centre() != null ? new Reference(names.get(key(f.centre()))) : new Reference().setDisplay("Kommunal genoptræning"));
        composition.setTitle(DocumentKind.of(f).title());
        composition.setLanguage("da");
        if (f.centre() != null) {
            composition.setCustodian(new Reference(names.get(key(f.centre()))));
        }
        composition.addEvent().setPeriod(f.course().getPeriod().copy()).addDetail(new Reference(names.get(key(f.course()))));
        for (FinalStatusText.Section section : FinalStatusText.sections(f)) {
            Composition.SectionComponent s = composition.addSection();
            s.setTitle(section.title());
            s.setCode(new CodeableConcept().setText(section.key()));
            s.setText(narrative(section));
            switch (section.key()) {
                case "citizen" -> s.addEntry(new Reference(names.get(key(f.patient()))));
                case "course", "end" -> s.addEntry(new Reference(names.get(key(f.course()))));
                case "sessions" -> f.appointments().forEach(a -> s.addEntry(new Reference(names.get(key(a)))));
                case "functional-status" -> f.areas().forEach(a -> {
                    if (a.start() != null) {
                        s.addEntry(new Reference(names.get(key(a.start()))));
                    }
                    if (a.end() != null) {
                        s.addEntry(new Reference(names.get(key(a.end()))));
                    }
                });
                case "contact" -> {
                    if (f.therapist() != null) {
                        s.addEntry(new Reference(names.get(key(f.therapist()))));
                    }
                    if (f.centre() != null) {
                        s.addEntry(new Reference(names.get(key(f.centre()))));
                    }
                }
                default -> { }
            }
        }

        Bundle bundle = new Bundle();
        bundle.setId(f.documentId());
        bundle.setType(Bundle.BundleType.DOCUMENT);
        bundle.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_FINAL_STATUS).setValue(f.documentId()));
        bundle.setTimestamp(Date.from(f.created()));
        bundle.addEntry().setFullUrl(urn("Composition/" + f.documentId())).setResource(composition);
        entries.forEach((key, resource) -> {
            Resource copy = resource.copy();
            copy.setMeta(null);
            copy.setId(key.substring(key.indexOf('/') + 1));
            for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                if (!ref.hasReference()) {
                    continue;
                }
                String target = names.get(ref.getReference());
                if (target != null) {
                    ref.setReference(target);
                } else {
                    if (!ref.hasDisplay() && !ref.hasIdentifier()) {
                        ref.setDisplay(ref.getReference().substring(0, ref.getReference().indexOf('/')));
                    }
                    ref.setReference(null);
                }
            }
            bundle.addEntry().setFullUrl(names.get(key)).setResource(copy);
        });
        return bundle;
    }

    private static Narrative narrative(FinalStatusText.Section section) {
        XhtmlNode div = new XhtmlNode(org.hl7.fhir.utilities.xhtml.NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        for (String line : section.lines()) {
            div.addTag("p").addText(line);
        }
        if (section.header() != null) {
            XhtmlNode table = div.addTag("table");
            XhtmlNode head = table.addTag("tr");
            section.header().forEach(h -> head.addTag("th").addText(h));
            for (List<String> row : section.rows()) {
                XhtmlNode tr = table.addTag("tr");
                row.forEach(cell -> tr.addTag("td").addText(cell));
            }
        }
        Narrative narrative = new Narrative();
        narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDiv(div);
        return narrative;
    }

    private static void put(Map<String, Resource> entries, Resource resource) {
        entries.put(key(resource), resource);
    }

    static String key(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /** A stable name for an entry: the same resource has the same name in every rendition. */
    static String urn(String key) {
        return Placeholders.urn(key);
    }

    static List<Resource> resources(Bundle bundle) {
        List<Resource> out = new ArrayList<>();
        bundle.getEntry().forEach(e -> out.add(e.getResource()));
        return out;
    }

}
