package dk.rehab.adapter.finalstatus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The final status as a PDF a GP can read (A4, Danish), drawn with Apache PDFBox from {@link FinalStatusText}. Uses the
 * PDF standard fonts (Helvetica; WinAnsi covers æ, ø, å and §), so nothing is embedded and the file stays small.
 * Pure: the same facts give the same text.
 */
public final class FinalStatusPdf {
    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float[] COLUMNS = {0.40f, 0.12f, 0.12f, 0.18f, 0.18f};

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDDocument document;
    private PDPageContentStream out;
    private float y;

    private FinalStatusPdf() {
    }

    public static byte[] render(FinalStatusFacts facts) {
        return new FinalStatusPdf().draw(facts);
    }

    private byte[] draw(FinalStatusFacts facts) {
        try (PDDocument doc = new PDDocument()) {
            document = doc;
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(DocumentKind.of(facts).title());
            info.setCreator("Rehab FHIR Adapter");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(facts.created().toEpochMilli());
            info.setCreationDate(created);
            newPage();
            text(bold, 16, DocumentKind.of(facts).title());
            y -= 6;
            for (FinalStatusText.Section section : FinalStatusText.sections(facts)) {
                y -= 8;
                text(bold, 12, section.title());
                for (String line : section.lines()) {
                    for (String wrapped : wrap(line, regular, 10, WIDTH)) {
                        text(regular, 10, wrapped);
                    }
                }
                if (section.header() != null) {
                    row(bold, section.header());
                    for (List<String> row : section.rows()) {
                        row(regular, row);
                    }
                }
            }
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the final status PDF", e);
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

    private void text(PDType1Font font, float size, String text) throws IOException {
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

    private void row(PDType1Font font, List<String> cells) throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> w = wrap(cells.get(i), font, 9, COLUMNS[i] * WIDTH - 4);
            wrapped.add(w);
            lines = Math.max(lines, w.size());
        }
        if (y - lines * 12.6f < MARGIN) {
            newPage();
        }
        for (int line = 0; line < lines; line++) {
            y -= 12.6f;
            float x = MARGIN;
            for (int i = 0; i < wrapped.size(); i++) {
                if (line < wrapped.get(i).size()) {
                    out.beginText();
                    out.setFont(font, 9);
                    out.newLineAtOffset(x, y);
                    out.showText(safe(wrapped.get(i).get(line)));
                    out.endText();
                }
                x += COLUMNS[i] * WIDTH;
            }
        }
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : safe(text).split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** Keeps what WinAnsi can show (Danish letters, §, dashes); anything else becomes '?'. */
    private static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : (c <= 0xff || "–—‘’“”•…€".indexOf(c) >= 0) ? c : '?');
        }
        return b.toString();
    }
}
