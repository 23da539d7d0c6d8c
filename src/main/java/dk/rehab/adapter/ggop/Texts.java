package dk.rehab.adapter.ggop;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The patterns and text functions the GGOP reader and its mappers apply to every document, compiled once. */
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

    /**
     * The parts that have a value, joined; null when none has. A part that is a label with nothing after it
     * ({@code "sendt " + null}) counts as absent.
     */
    static String join(String separator, String... parts) {
        String joined = Stream.of(parts).filter(s -> s != null && !s.isBlank() && !s.endsWith(" null") && !s.equals("null"))
                .collect(Collectors.joining(separator));
        return joined.isEmpty() ? null : joined;
    }

    /** GGOP formatted text (Bold, Italic, Underline, Break) as Markdown. */
    static String markdown(Element e) {
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(WHITESPACE.matcher(n.getNodeValue()).replaceAll(" "));
            } else if (n instanceof Element c) {
                String inner = markdown(c).trim();
                switch (c.getLocalName()) {
                    case "Break" -> text.append("\n");
                    case "Bold" -> text.append("**").append(inner).append("**");
                    case "Italic" -> text.append("*").append(inner).append("*");
                    case "Underline" -> text.append("<u>").append(inner).append("</u>");
                    default -> text.append(inner);
                }
            }
        }
        return Stream.of(text.toString().split("\n", -1)).map(String::strip).collect(Collectors.joining("\n")).strip();
    }
}
