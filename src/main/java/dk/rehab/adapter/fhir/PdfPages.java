package dk.rehab.adapter.fhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
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
 * The pages of one A4 PDF the adapter writes (final status, contact letter, annual report), with Apache PDFBox and the
 * PDF standard fonts (WinAnsi covers æ, ø, å and §, so the text can be extracted again): a cursor {@link #y()} that runs
 * down the page, a new page when a line would not fit, text lines, word wrapping, and the document's metadata.
 */
public final class PdfPages implements AutoCloseable {
    public final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    public final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDDocument document = new PDDocument();
    private final float margin;
    private PDPageContentStream out;
    private float y;

    /** A document titled {@code title}, created at {@code created} (null: no creation date), with its first page begun. */
    public PdfPages(float margin, String title, Instant created) throws IOException {
        this.margin = margin;
        document.getDocumentInformation().setTitle(title);
        document.getDocumentInformation().setCreator("Rehab FHIR Adapter");
        if (created != null) {
            Calendar at = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            at.setTimeInMillis(created.toEpochMilli());
            document.getDocumentInformation().setCreationDate(at);
        }
        newPage();
    }

    public float margin() {
        return margin;
    }

    /** The width between the margins. */
    public float width() {
        return PDRectangle.A4.getWidth() - 2 * margin;
    }

    public float y() {
        return y;
    }

    /** Moves the cursor down by {@code space}. */
    public void down(float space) {
        y -= space;
    }

    /** The current page's content stream (for drawing at the cursor). */
    public PDPageContentStream out() {
        return out;
    }

    /** Begins a new page when less than {@code space} is left above the bottom margin. */
    public void ensure(float space) throws IOException {
        if (y - space < margin) {
            newPage();
        }
    }

    public void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        out = new PDPageContentStream(document, page);
        y = PDRectangle.A4.getHeight() - margin;
    }

    /** One line of text at the left margin plus {@code indent}, a line height (1.4 × size) below the cursor. */
    public void text(PDType1Font font, float size, String text, float indent) throws IOException {
        if (y < margin + size) {
            newPage();
        }
        y -= size * 1.4f;
        show(font, size, margin + indent, y, text);
    }

    public void text(PDType1Font font, float size, String text) throws IOException {
        text(font, size, text, 0);
    }

    /** A paragraph: {@code text} wrapped to the width, line by line. */
    public void paragraph(PDType1Font font, float size, String text) throws IOException {
        for (String line : wrap(text, font, size, width())) {
            text(font, size, line);
        }
    }

    /** {@code text} at ({@code x}, {@code at}), without moving the cursor. */
    public void show(PDType1Font font, float size, float x, float at, String text) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, at);
        out.showText(safe(text));
        out.endText();
    }

    /** The finished document's bytes. */
    public byte[] bytes() throws IOException {
        out.close();
        out = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        document.save(bytes);
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        document.close();
    }

    /** {@code text} in lines no wider than {@code width} at {@code size}, broken between words. */
    public static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
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

    /** Keeps what WinAnsi can show (Danish letters, §, dashes); control characters become ' ', anything else '?'. */
    public static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : (c <= 0xff || "–—‘’“”•…€".indexOf(c) >= 0) ? c : '?');
        }
        return b.toString();
    }
}
