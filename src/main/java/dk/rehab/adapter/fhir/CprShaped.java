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

    private CprShaped() {
    }

    /** {@code text} with every CPR-shaped run outside a UUID replaced by what {@code replacement} makes of it. */
    public static String replace(String text, UnaryOperator<String> replacement) {
        if (text == null) {
            return null;
        }
        Matcher matcher = UUID_OR_CPR.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        matcher.reset();
        return matcher.replaceAll(match -> Matcher.quoteReplacement(
                match.group().length() == UUID_LENGTH ? match.group() : replacement.apply(match.group())));
    }
}
