package dk.rehab.adapter.contact;

import dk.rehab.adapter.fhir.PdfPages;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The contact letter as a PDF (A4, Danish), drawn with Apache PDFBox ({@link PdfPages}, as the final status) from
 * {@link ContactLetterText}, with the PDF standard fonts (WinAnsi covers æ, ø, å), so the text can be extracted again.
 */
public final class ContactLetterPdf {
    private static final float MARGIN = 56;

    private ContactLetterPdf() {
    }

    public static byte[] render(ContactLetterFacts facts) {
        try (PdfPages pdf = new PdfPages(MARGIN, ContactLetterText.TITLE, facts.sent())) {
            pdf.text(pdf.bold, 16, ContactLetterText.TITLE);
            for (ContactLetterText.Section section : ContactLetterText.sections(facts)) {
                pdf.down(8);
                if (section.title() != null) {
                    pdf.text(pdf.bold, 12, section.title());
                }
                for (String text : section.lines()) {
                    pdf.paragraph(pdf.regular, 10, text);
                    pdf.down(3);
                }
            }
            return pdf.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the contact letter", e);
        }
    }
}
