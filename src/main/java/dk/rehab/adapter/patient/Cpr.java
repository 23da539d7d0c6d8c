package dk.rehab.adapter.patient;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The Danish CPR number: ten digits, DDMMYY then four, where the seventh digit and the year fix the century.
 * The modulus-11 check is not applied: CPR numbers without it have been issued since 2007.
 * CPR numbers are sensitive personal data: this class never puts one in a message.
 */
public final class Cpr {
    private Cpr() {
    }

    /** Why {@code value} is not a CPR number, or null when it is one. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "the CPR number is missing";
        }
        String digits = value.length() == 11 && value.charAt(6) == '-' ? value.substring(0, 6) + value.substring(7) : value;
        if (digits.length() != 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "a CPR number must be exactly 10 digits";
        }
        if (birthDate(digits) == null) {
            return "the first six digits of a CPR number must be a real date (DDMMYY)";
        }
        return null;
    }

    /** The 10-digit form (a dash after the date part is dropped); call only when {@link #problem} is null. */
    public static String normalise(String value) {
        return value.length() == 11 ? value.substring(0, 6) + value.substring(7) : value;
    }

    static LocalDate birthDate(String digits) {
        int day = Integer.parseInt(digits.substring(0, 2));
        int month = Integer.parseInt(digits.substring(2, 4));
        int yy = Integer.parseInt(digits.substring(4, 6));
        int seventh = digits.charAt(6) - '0';
        int century;
        if (seventh <= 3) {
            century = 1900;
        } else if (seventh == 4 || seventh == 9) {
            century = yy <= 36 ? 2000 : 1900;
        } else {
            century = yy <= 57 ? 2000 : 1800;
        }
        try {
            return LocalDate.of(century + yy, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
