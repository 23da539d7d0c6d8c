package dk.rehab.adapter.contact;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What the contact letter says, gathered from the plan's first booked session: the citizen's name, the first meeting
 * (start and end in Danish time, its kind, where, with whom) and how to reach the centre.
 *
 * @param place the lines of where the meeting is: the session's place and the centre's name and address
 * @param centrePhone the centre's phone number for cancellations, or null when none is recorded
 */
public record ContactLetterFacts(String citizen, ZonedDateTime start, ZonedDateTime end, String sessionKind, List<String> place,
                                 String therapist, String centre, String centrePhone, Instant sent) {
}
