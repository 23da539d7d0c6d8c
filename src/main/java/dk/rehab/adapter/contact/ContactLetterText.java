package dk.rehab.adapter.contact;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Danish text of the contact letter: the first meeting's time and place, and the citizen's duties as the quality
 * standard states them (seed 004: attend and be on time, cancel for illness the same morning between 8 and 9 and for
 * other absence by 12 noon the day before, a no-show gives no replacement session and a re-assessment).
 */
public final class ContactLetterText {
    public static final String TITLE = "Velkommen til genoptræning";
    private static final Locale DANISH = Locale.forLanguageTag("da-DK");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE 'den' d. MMMM yyyy", DANISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm", DANISH);

    private ContactLetterText() {
    }

    public record Section(String title, List<String> lines) {
    }

    /** "tirsdag den 15. december 2026 kl. 10.00". */
    public static String when(ZonedDateTime start) {
        return DAY.format(start) + " kl. " + TIME.format(start);
    }

    public static List<Section> sections(ContactLetterFacts facts) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(null, List.of("Kære " + (facts.citizen() == null ? "borger" : facts.citizen()),
                "Du har fået en genoptræningsplan fra hospitalet, og kommunen har nu planlagt din genoptræning. "
                        + "Her er tid og sted for dit første møde og de aftaler, der gælder for din genoptræning.")));
        List<String> meeting = new ArrayList<>();
        meeting.add("Tid: " + when(facts.start()) + (facts.end() == null ? "" : " til kl. " + TIME.format(facts.end())));
        meeting.add("Sted: " + String.join(", ", facts.place()));
        if (facts.sessionKind() != null) {
            meeting.add("Aftale: " + facts.sessionKind());
        }
        if (facts.therapist() != null) {
            meeting.add("Din terapeut: " + facts.therapist());
        }
        sections.add(new Section("Dit første møde", meeting));
        String phone = facts.centrePhone() == null ? "til træningscenteret" : "til træningscenteret på telefon " + facts.centrePhone();
        sections.add(new Section("Dine pligter", List.of(
                "Du skal møde op til de aftalte træninger og komme til tiden. Bliver du forsinket, skal du ringe " + phone
                        + ". Er du mere end et kvarter forsinket, kan træningen blive aflyst.",
                "Afbud ved sygdom: Meld afbud så hurtigt som muligt og senest samme dag om morgenen mellem kl. 8 og 9.",
                "Afbud af andre grunde: Meld afbud så hurtigt som muligt og senest kl. 12 dagen før træningen.",
                "Afbud meldes ved at ringe " + phone + ".",
                "Udeblivelse: Hvis du udebliver uden at melde afbud, får du ikke en erstatningstræning, og dit "
                        + "genoptræningsforløb bliver revurderet allerede ved første udeblivelse og kan blive afsluttet. "
                        + "Gentagne afbud fører også til revurdering, og afbud bliver som udgangspunkt ikke erstattet.",
                "Har du meldt afbud eller er du udeblevet, skal du selv kontakte træningscenteret for at få en ny tid.",
                "Du skal deltage aktivt i genoptræningen, lave de øvelser, du får med hjem, og fortælle os om smitsomme sygdomme.")));
        List<String> contact = new ArrayList<>();
        contact.add(facts.centre() == null ? "Træningscenteret" : facts.centre());
        if (facts.centrePhone() != null) {
            contact.add("Telefon: " + facts.centrePhone());
        }
        sections.add(new Section("Kontakt", contact));
        return sections;
    }
}
