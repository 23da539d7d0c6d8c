package dk.rehab.adapter.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Annotation;

/**
 * The notes of a mapped resource, one Annotation per part, each under a heading in bold ({@code **Heading:** text}): the
 * documented home of what an inbound format carries that has no structured place in FHIR, so it is kept, not dropped.
 */
public final class Notes {
    private final List<Annotation> list = new ArrayList<>();

    /** Adds {@code **heading:** text}; nothing when there is no text. */
    public void add(String heading, String text) {
        if (text != null && !text.isBlank()) {
            list.add(new Annotation().setText("**" + heading + ":** " + text));
        }
    }

    /** Adds a note of another shape (e.g. with an author and a time). */
    public void add(Annotation annotation) {
        list.add(annotation);
    }

    /** The notes in the order they were added. */
    public List<Annotation> list() {
        return list;
    }
}
