package dk.rehab.adapter.reminder;

import dk.rehab.adapter.contact.ContactLetterText;
import dk.rehab.adapter.contact.SessionDescriptions;

/** The Danish text of a reminder: when and where, and how to cancel in time (quality standard, seed 004). */
final class ReminderText {
    private ReminderText() {
    }

    static String of(SessionDescriptions.Described s) {
        String phone = s.centrePhone() == null ? "til træningscenteret" : "til træningscenteret på telefon " + s.centrePhone();
        return "Påmindelse: Du har en aftale om genoptræning " + ContactLetterText.when(s.start())
                + (s.kind() == null ? "" : " (" + s.kind() + ")") + ". Sted: " + String.join(", ", s.place()) + ". "
                + "Kan du ikke komme, skal du melde afbud ved at ringe " + phone + ": ved sygdom senest samme dag om morgenen "
                + "mellem kl. 8 og 9, af andre grunde senest kl. 12 dagen før. Udebliver du uden afbud, får du ikke en "
                + "erstatningstræning, og dit forløb bliver revurderet.";
    }
}
