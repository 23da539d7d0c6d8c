package dk.rehab.adapter.fhir;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text shaped like a CPR number (ten digits, or six, a dash and four, not within a longer run of digits), found
 * outside resource ids: a time-ordered UUID's hex groups can hold ten digits in a row ({@code …-902f-6082526124e6}),
 * and masking those made error messages and audit paths name ids that do not exist.
 */
public final class CprShaped {
    private static final Pattern UUID_OR_CPR = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])");
    private static final int UUID_LENGTH = 36;

    /** The expression, for the test that the hand-written scan finds what it finds. */
    static Pattern expression() {
        return UUID_OR_CPR;
    }

    private CprShaped() {
    }

    /** {@code text} with every CPR-shaped run outside a UUID replaced by what {@code replacement} makes of it. */
    public static String replace(String text, UnaryOperator<String> replacement) {
        if (text == null || !anyCprShaped(text)) {
            return text; // no CPR-shaped run can start anywhere: most paths and messages, without running the expression
        }
        return UUID_OR_CPR.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                match.group().length() == UUID_LENGTH ? match.group() : replacement.apply(match.group())));
    }

    /**
     * Whether the expression would find a CPR-shaped run in {@code text}: the same scan, by hand (at each position a UUID
     * is skipped whole, else a CPR-shaped run is looked for), so text without one (most paths, every read by id of a
     * UUID) is returned without running the expression. On a read by id the expression was about 5 % of the request's
     * CPU (JFR).
     */
    static boolean anyCprShaped(String text) {
        // the expression's own order: leftmost position first, at each the UUID alternative before the CPR one
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (uuidAt(text, i)) {
                i += UUID_LENGTH;
            } else if (cprAt(text, i)) {
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    private static boolean uuidAt(String text, int at) {
        if (at + UUID_LENGTH > text.length()) {
            return false;
        }
        for (int k = 0; k < UUID_LENGTH; k++) {
            char c = text.charAt(at + k);
            if (k == 8 || k == 13 || k == 18 || k == 23 ? c != '-' : !(digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** (?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9]) at {@code at}. */
    private static boolean cprAt(String text, int at) {
        int n = text.length();
        if (at > 0 && digit(text.charAt(at - 1)) || !digits(text, at, 6)) {
            return false;
        }
        int rest = at + 6 < n && text.charAt(at + 6) == '-' ? at + 7 : at + 6;
        return digits(text, rest, 4) && (rest + 4 == n || !digit(text.charAt(rest + 4)));
    }

    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (!digit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
