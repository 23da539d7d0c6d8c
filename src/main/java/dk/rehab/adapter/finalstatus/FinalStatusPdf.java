package dk.rehab.adapter.finalstatus;

import dk.rehab.adapter.fhir.PdfPages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.font.PDType1Font;

/**
 * The final status as a PDF a GP can read (A4, Danish), drawn with Apache PDFBox ({@link PdfPages}) from
 * {@link FinalStatusText}. Uses the PDF standard fonts (Helvetica; WinAnsi covers æ, ø, å and §), so nothing is embedded
 * and the file stays small. Pure: the same facts give the same text.
 */
public final class FinalStatusPdf {
    private static final float MARGIN = 56;
    private static final float[] COLUMNS = {0.40f, 0.12f, 0.12f, 0.18f, 0.18f};

    private FinalStatusPdf() {
    }

    public static byte[] render(FinalStatusFacts facts) {
        String title = DocumentKind.of(facts).title();
        try (PdfPages pdf = new PdfPages(MARGIN, title, facts.created())) {
            pdf.text(pdf.bold, 16, title);
            pdf.down(6);
            for (FinalStatusText.Section section : FinalStatusText.sections(facts)) {
                pdf.down(8);
                pdf.text(pdf.bold, 12, section.title());
                for (String line : section.lines()) {
                    pdf.paragraph(pdf.regular, 10, line);
                }
                if (section.header() != null) {
                    row(pdf, pdf.bold, section.header());
                    for (List<String> row : section.rows()) {
                        row(pdf, pdf.regular, row);
                    }
                }
            }
            return pdf.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the final status PDF", e);
        }
    }

    /** One table row: each cell wrapped to its column, the row kept on one page. */
    private static void row(PdfPages pdf, PDType1Font font, List<String> cells) throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> w = PdfPages.wrap(cells.get(i), font, 9, COLUMNS[i] * pdf.width() - 4);
            wrapped.add(w);
            lines = Math.max(lines, w.size());
        }
        pdf.ensure(lines * 12.6f);
        for (int line = 0; line < lines; line++) {
            pdf.down(12.6f);
            float x = pdf.margin();
            for (int i = 0; i < wrapped.size(); i++) {
                if (line < wrapped.get(i).size()) {
                    pdf.show(font, 9, x, pdf.y(), wrapped.get(i).get(line));
                }
                x += COLUMNS[i] * pdf.width();
            }
        }
    }
}
