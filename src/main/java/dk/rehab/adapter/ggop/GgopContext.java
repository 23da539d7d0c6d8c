package dk.rehab.adapter.ggop;

import dk.rehab.adapter.fhir.Notes;
import dk.rehab.adapter.fhir.Placeholders;
import dk.rehab.adapter.fhir.Problems;
import org.w3c.dom.Element;

/**
 * What each section mapper of one GGOP works on: the document, its {@code RehabilitationPlan} element, the problems found
 * so far (in document order), the plan's notes (in the order the sections add them) and the entries' placeholders.
 */
record GgopContext(GgopDocument doc, Element plan, Problems problems, Notes notes, Placeholders ids) {
    /** The path of the plan element, the prefix of every problem's expression. */
    static final String PLAN = "/Emessage/RehabilitationPlan";
}
