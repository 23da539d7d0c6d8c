package dk.rehab.adapter.ggop;

import java.util.regex.Pattern;

/** The patterns the GGOP reader and mapper apply to every document, compiled once. */
final class Texts {
    /** A run of white space (folded to one space in element texts). */
    static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** An ISO date, yyyy-mm-dd. */
    static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A municipality number as a GGOP writes it: 1 to 4 digits. */
    static final Pattern MUNICIPALITY_NUMBER = Pattern.compile("\\d{1,4}");

    private Texts() {
    }

    /** Whether {@code text} is a date that exists (yyyy-mm-dd: not 2026-13-45, not 2026-02-30). */
    static boolean isDate(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            return false;
        }
        try {
            java.time.LocalDate.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
