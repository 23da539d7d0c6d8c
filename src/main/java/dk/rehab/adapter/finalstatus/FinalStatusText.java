package dk.rehab.adapter.finalstatus;

import dk.rehab.adapter.fhir.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;

/**
 * The words of a final status, in Danish, section by section: what a GP reads in the PDF and in the document's
 * narrative. Both renditions take their text from here.
 */
public final class FinalStatusText {
    private FinalStatusText() {
    }

    public static final String TITLE = "Slutstatus for genoptræningsforløb";

    /** A section: title, lines of text, and optionally a table (header + rows). */
    public record Section(String key, String title, List<String> lines, List<String> header, List<List<String>> rows) {
    }

    static final Map<String, String> LEGAL_BASES = Map.of(
            "sul-140", "Sundhedsloven § 140 – genoptræning efter udskrivning",
            "sul-140a", "Sundhedsloven § 140a – vederlagsfri fysioterapi",
            "sul-119", "Sundhedsloven § 119 – forebyggelse og forløbsprogrammer",
            "sel-86-1", "Serviceloven § 86 stk. 1 – genoptræning",
            "sel-86-2", "Serviceloven § 86 stk. 2 – vedligeholdelsestræning");

    static final Map<String, String> LEVELS = Map.of(
            "0", "0 – ingen/ubetydelige begrænsninger", "1", "1 – lette begrænsninger", "2", "2 – moderate begrænsninger",
            "3", "3 – svære begrænsninger", "4", "4 – totale begrænsninger", "9", "9 – ikke relevant");

    public static List<Section> sections(FinalStatusFacts f) {
        List<Section> sections = new ArrayList<>();
        List<String> citizen = new ArrayList<>();
        citizen.add("Navn: " + name(f.patient()));
        cpr(f.patient()).ifPresent(c -> citizen.add("CPR-nr.: " + c.substring(0, 6) + "-" + c.substring(6)));
        if (f.corrects() != null) {
            citizen.add("Denne slutstatus erstatter en tidligere fremsendt slutstatus (rettelse).");
        }
        sections.add(new Section("citizen", "Borger", citizen, null, null));

        List<String> referral = new ArrayList<>();
        if (f.plan() == null) {
            referral.add("Forløbet er ikke startet på en genoptræningsplan fra sygehuset.");
        } else {
            String id = f.plan().getIdentifier().isEmpty() ? f.plan().getIdElement().getIdPart() : f.plan().getIdentifierFirstRep().getValue();
            String what = DocumentKind.of(f) == DocumentKind.FUNCTIONAL_CAPACITY ? "Henvisning fra Jobcenter: " : "Genoptræningsplan: ";
            referral.add(what + id + (f.plan().hasAuthoredOn() ? ", modtaget " + Dates.danish(f.plan().getAuthoredOn()) : ""));
            if (f.hospital() != null) {
                referral.add("Fra: " + f.hospital().getName());
            }
            if (!f.planTypes().isEmpty()) {
                referral.add("Plantype og niveau: " + String.join(", ", f.planTypes()));
            }
        }
        sections.add(new Section("referral", "Henvisning", referral, null, null));

        List<String> course = new ArrayList<>();
        course.add("Periode: " + Dates.danish(f.start()) + " – " + Dates.danish(f.end()));
        course.add("Lovgrundlag: " + f.legalBasisDisplay());
        if (f.course().hasType()) {
            course.add("Pakke/forløbstype: " + f.course().getType().stream().map(t -> t.hasText() ? t.getText()
                    : t.getCodingFirstRep().getDisplay()).collect(Collectors.joining(", ")));
        }
        sections.add(new Section("course", "Forløb", course, null, null));

        List<String> sessions = List.of(
                "Aftaler i alt: " + f.appointments().size(),
                "Gennemført: " + f.count(AppointmentStatus.FULFILLED),
                "Aflyst: " + f.count(AppointmentStatus.CANCELLED),
                "Udeblevet: " + f.count(AppointmentStatus.NOSHOW));
        sections.add(new Section("sessions", "Aftaler", sessions, null, null));

        List<List<String>> rows = new ArrayList<>();
        for (FinalStatusFacts.AreaLine a : f.areas()) {
            Boolean reached = a.reached();
            rows.add(List.of(a.areaDisplay(), dash(a.startLevel()), dash(a.endLevel()), dash(a.expectedLevel()),
                    reached == null ? "–" : reached ? "Ja" : "Nej"));
        }
        List<String> levelLines = f.areas().isEmpty() ? List.of("Der er ikke registreret funktionsniveau i forløbet.")
                : List.of("Funktionsniveau efter Fællessprog III (0 = ingen begrænsninger … 4 = totale begrænsninger, 9 = ikke relevant).");
        sections.add(new Section("functional-status", "Funktionsniveau (FSIII)", levelLines,
                f.areas().isEmpty() ? null : List.of("Tilstand", "Start", "Slut", "Forventet", "Nået"), f.areas().isEmpty() ? null : rows));

        sections.add(new Section("end", "Afslutning", List.of("Årsag til afslutning: " + (f.endReason() == null ? "ikke angivet" : f.endReason())),
                null, null));
        sections.add(new Section("recommendations", "Anbefalinger",
                f.recommendations().isEmpty() ? List.of("Ingen anbefalinger.") : f.recommendations(), null, null));

        List<String> contact = new ArrayList<>();
        if (f.therapist() != null) {
            contact.add("Ansvarlig terapeut: " + name(f.therapist()) + telecom(f.therapist().getTelecom()));
        }
        if (f.centre() != null) {
            contact.add("Genoptræningscenter: " + f.centre().getName() + telecom(f.centre().getTelecom()));
            f.centre().getAddress().stream().findFirst().map(FinalStatusText::address).ifPresent(a -> contact.add("Adresse: " + a));
        }
        if (contact.isEmpty()) {
            contact.add("Kontakt kommunens genoptræning.");
        }
        sections.add(new Section("contact", "Kontakt", contact, null, null));
        return sections;
    }

    static String level(String number) {
        return number == null ? "–" : LEVELS.getOrDefault(number, number);
    }

    private static String dash(String s) {
        return s == null ? "–" : s;
    }

    static String name(Patient p) {
        return p.getName().stream().findFirst().map(FinalStatusText::name).orElse("(uden navn)");
    }

    static String name(Practitioner p) {
        return p.getName().stream().findFirst().map(FinalStatusText::name).orElse("(uden navn)");
    }

    static String name(HumanName n) {
        if (n.hasText()) {
            return n.getText();
        }
        String given = n.getGiven().stream().map(g -> g.getValue()).collect(Collectors.joining(" "));
        return (given + " " + (n.hasFamily() ? n.getFamily() : "")).trim();
    }

    static java.util.Optional<String> cpr(Patient p) {
        return p.getIdentifier().stream().filter(i -> Canonical.SYSTEM_CPR.equals(i.getSystem())).map(Identifier::getValue).findFirst();
    }

    private static String telecom(List<ContactPoint> telecom) {
        String t = telecom.stream().filter(ContactPoint::hasValue)
                .map(c -> (c.getSystem() == ContactPoint.ContactPointSystem.PHONE ? "tlf. " : c.getSystem() == ContactPoint.ContactPointSystem.EMAIL ? "e-mail " : "")
                        + c.getValue()).collect(Collectors.joining(", "));
        return t.isEmpty() ? "" : ", " + t;
    }

    private static String address(Address a) {
        if (a.hasText()) {
            return a.getText();
        }
        String lines = a.getLine().stream().map(l -> l.getValue()).collect(Collectors.joining(", "));
        return (lines + ", " + (a.hasPostalCode() ? a.getPostalCode() + " " : "") + (a.hasCity() ? a.getCity() : "")).replaceAll("^, |, $", "").trim();
    }

    static String organization(Organization o) {
        return o == null ? null : o.getName();
    }
}
