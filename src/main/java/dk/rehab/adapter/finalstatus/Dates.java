package dk.rehab.adapter.finalstatus;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Dates as a Danish reader writes them (23.11.2026), in Danish time. */
final class Dates {
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private static final DateTimeFormatter DANISH = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private Dates() {
    }

    static String danish(LocalDate date) {
        return date == null ? "–" : DANISH.format(date);
    }

    static String danish(java.util.Date date) {
        return date == null ? "–" : danish(LocalDate.ofInstant(date.toInstant(), ZONE));
    }
}
