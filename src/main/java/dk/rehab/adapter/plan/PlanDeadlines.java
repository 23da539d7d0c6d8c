package dk.rehab.adapter.plan;

import dk.rehab.adapter.config.AdapterProperties.Deadlines;
import java.time.LocalDate;

/**
 * The dates a plan sets, computed on receipt.
 *
 * <ul>
 *   <li>contact: the citizen is contacted about start, place and transport no later than
 *       {@code contact} days after discharge (municipal quality standard, seed 004);</li>
 *   <li>start: the first meeting with a therapist no later than {@code start} days after the municipality
 *       received the plan, "unless the plan says otherwise": when the hospital requires a later start
 *       ({@code notBefore}), that later date is the deadline;</li>
 *   <li>free choice: when the municipality cannot offer a start within {@code freeChoice} days after
 *       discharge, or after the later date the plan requires for medical reasons, the citizen may choose a
 *       private provider (Sundhedsloven § 140 stk. 4). Not for specialised plans, which the region
 *       delivers.</li>
 * </ul>
 */
public record PlanDeadlines(LocalDate contact, LocalDate start, LocalDate freeChoice, boolean municipal) {

    public static PlanDeadlines compute(LocalDate received, LocalDate discharge, LocalDate notBefore,
                                        boolean specialised, Deadlines rules) {
        LocalDate contact = DanishCalendar.add(discharge, rules.contact());
        LocalDate start = DanishCalendar.add(received, rules.start());
        if (notBefore != null && notBefore.isAfter(start)) {
            start = notBefore;
        }
        LocalDate freeChoiceFrom = notBefore != null && notBefore.isAfter(discharge) ? notBefore : discharge;
        LocalDate freeChoice = DanishCalendar.add(freeChoiceFrom, rules.freeChoice());
        return new PlanDeadlines(contact, start, freeChoice, !specialised);
    }
}
