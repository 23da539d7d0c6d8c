package dk.rehab.adapter.contact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The contact letter as a PDF (A4, Danish), drawn with Apache PDFBox — the library the final status uses — from
 * {@link ContactLetterText}, with the PDF standard fonts (WinAnsi covers æ, ø, å), so the text can be extracted again.
 */
public final class ContactLetterPdf {
    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDDocument document;
    private PDPageContentStream out;
    private float y;

    private ContactLetterPdf() {
    }

    public static byte[] render(ContactLetterFacts facts) {
        return new ContactLetterPdf().draw(facts);
    }

    private byte[] draw(ContactLetterFacts facts) {
        try (PDDocument doc = new PDDocument()) {
            document = doc;
            doc.getDocumentInformation().setTitle(ContactLetterText.TITLE);
            doc.getDocumentInformation().setCreator("Rehab FHIR Adapter");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(facts.sent().toEpochMilli());
            doc.getDocumentInformation().setCreationDate(created);
            newPage();
            line(bold, 16, ContactLetterText.TITLE);
            for (ContactLetterText.Section section : ContactLetterText.sections(facts)) {
                y -= 8;
                if (section.title() != null) {
                    line(bold, 12, section.title());
                }
                for (String text : section.lines()) {
                    for (String wrapped : wrap(text, 10)) {
                        line(regular, 10, wrapped);
                    }
                    y -= 3;
                }
            }
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the contact letter", e);
        }
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        out = new PDPageContentStream(document, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void line(PDType1Font font, float size, String text) throws IOException {
        if (y < MARGIN + size) {
            newPage();
        }
        y -= size * 1.4f;
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(MARGIN, y);
        out.showText(safe(text));
        out.endText();
    }

    private List<String> wrap(String text, float size) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : safe(text).split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && regular.getStringWidth(candidate) / 1000 * size > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** Keeps what WinAnsi can show (Danish letters, dashes); anything else becomes '?'. */
    private static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : (c <= 0xff || "–—‘’“”•…€".indexOf(c) >= 0) ? c : '?');
        }
        return b.toString();
    }
}
