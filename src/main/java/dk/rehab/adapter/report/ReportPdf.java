package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.PdfPages;
import dk.rehab.adapter.fhir.ReportTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The annual report as a Danish PDF (A4, Apache PDFBox as for the final status, standard Helvetica): per table its
 * title, each group with its count and score, each stratifier as a table of strata (name, count, score), and the
 * seeds' charts: plans per month (line), plan types, packages used, sessions per outcome and waiting-time shares (bars,
 * each bar labelled with its count). Pure: the same tables give the same document.
 */
final class ReportPdf {
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float BAR_LABEL = 0.38f * WIDTH;
    private static final Map<String, String> STRATIFIERS = Map.ofEntries(Map.entry("plan-type", "Plantype"), Map.entry("level", "Niveau"),
            Map.entry("month", "Måned"), Map.entry("hospital", "Sygehus"), Map.entry("legal-basis", "Lovgrundlag"), Map.entry("source", "Kilde"),
            Map.entry("diagnosis-group", "Diagnosegruppe"), Map.entry("package", "Pakke"), Map.entry("team", "Hold"),
            Map.entry("end-reason", "Afslutningsårsag"), Map.entry("outcome", "Udfald"), Map.entry("statistic", "Nøgletal"),
            Map.entry("improvement", "Forbedring"), Map.entry("start-level", "Niveau ved start"), Map.entry("end-level", "Niveau ved slut"),
            Map.entry("change", "Ændring"), Map.entry("share", "Andele af timerne"), Map.entry("offer", "Tilbud"),
            Map.entry("choice", "Borgerens valg"), Map.entry("receiver", "Modtager"), Map.entry("reason", "Årsag"),
            Map.entry("age-group", "Aldersgruppe"));

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PdfPages pdf;

    private ReportPdf() {
    }

    /** {@code titles}: table id → Danish title. */
    static byte[] render(ReportPeriod period, Map<String, String> titles, List<ReportTable> tables) {
        return new ReportPdf().draw(period, titles, tables);
    }

    private byte[] draw(ReportPeriod period, Map<String, String> titles, List<ReportTable> tables) {
        try (PdfPages pages = new PdfPages(MARGIN, "Årsrapport for genoptræning " + period.start() + " – " + period.end(), null)) {
            pdf = pages;
            text(bold, 18, "Årsrapport for genoptræning", 0);
            text(regular, 11, "Periode: " + period.start() + " til " + period.end() + " (begge dage medregnet)", 0);
            for (ReportTable table : tables) {
                pdf.down(10);
                text(bold, 14, titles.getOrDefault(table.id(), table.id()), 0);
                for (ReportTable.Group group : table.groups()) {
                    pdf.down(4);
                    text(bold, 11, group.display() + ": " + group.count() + score(group.score()), 0);
                    for (ReportTable.Stratifier stratifier : group.stratifiers()) {
                        text(bold, 9, STRATIFIERS.getOrDefault(stratifier.code(), stratifier.code()), 8);
                        for (ReportTable.Stratum s : stratifier.strata()) {
                            row(s.display(), s.count() + score(s.score()));
                        }
                    }
                }
                charts(table);
            }
            return pdf.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the annual report PDF", e);
        }
    }

    private void charts(ReportTable table) throws IOException {
        switch (table.id()) {
            case "plans-received" -> {
                line("Planer pr. modtagelsesmåned", strata(table.group("plans"), "month"));
                bars("Plantyper", strata(table.group("plans"), "plan-type"), false);
            }
            case "courses" -> bars("Pakker brugt (startede forløb)", strata(table.group("started"), "package"), true);
            case "sessions" -> {
                for (ReportTable.Group g : table.groups()) {
                    if (g.count() > 0) {
                        bars("Træningsgange: " + g.display(), strata(g, "outcome"), true);
                    }
                }
            }
            case "waiting-times" -> {
                for (ReportTable.Group g : table.groups()) {
                    bars("Ventetid: " + g.display(), strata(g, "statistic").stream()
                            .filter(s -> s.code().startsWith("within-")).toList(), false);
                }
            }
            case "session-hours" -> {
                scoreBars("Leverede timer pr. type", table.groups().stream().filter(g -> !g.code().equals("all") && !g.code().equals("team-sessions"))
                        .map(g -> new ReportTable.Stratum(g.code(), g.display(), g.count(), g.score())).toList());
                scoreBars("Timer pr. udfald (alle typer)", strata(table.group("all"), "outcome"));
                scoreBars("Holdtræning: timer pr. hold", strata(table.group("team-sessions"), "team"));
            }
            case "first-contact" -> {
                for (ReportTable.Group g : table.groups()) {
                    bars("Første kontakt: " + g.display(), strata(g, "statistic").stream()
                            .filter(s -> s.code().startsWith("within-")).toList(), false);
                }
            }
            case "free-choice" -> {
                bars("Frit valg: borgerens valg", strata(table.group("offers"), "choice"), true);
            }
            case "citizens" -> {
                bars("Borgere med forløb pr. lovgrundlag", strata(table.group("citizens-with-course"), "legal-basis"), true);
                scoreBars("Leverede timer pr. lovgrundlag", strata(table.group("held-hours"), "legal-basis"));
            }
            case "age-groups" -> {
                for (ReportTable.Group g : table.groups()) {
                    bars(g.display() + " fordelt på aldersgrupper", strata(g, "age-group"), false);
                }
            }
            default -> {
            }
        }
    }

    /** A horizontal bar chart of the strata's scores (hours): each bar's length by its score, the score written after it. */
    private void scoreBars(String title, List<ReportTable.Stratum> strata) throws IOException {
        List<ReportTable.Stratum> shown = strata.stream().filter(s -> s.score() != null && s.score().value().signum() > 0).toList();
        if (shown.isEmpty()) {
            return;
        }
        double max = shown.stream().mapToDouble(s -> s.score().value().doubleValue()).max().orElse(1);
        pdf.ensure(24 + shown.size() * 14f);
        pdf.down(6);
        text(bold, 10, "Figur: " + title, 0);
        for (ReportTable.Stratum s : shown) {
            pdf.down(14);
            label(regular, 8, MARGIN, pdf.y() + 2, fit(s.display(), BAR_LABEL - 6));
            float length = (float) ((WIDTH - BAR_LABEL - 60) * s.score().value().doubleValue() / max);
            pdf.out().setNonStrokingColor(0.25f, 0.45f, 0.7f);
            pdf.out().addRect(MARGIN + BAR_LABEL, pdf.y(), Math.max(length, 0.5f), 10);
            pdf.out().fill();
            pdf.out().setNonStrokingColor(0f, 0f, 0f);
            label(regular, 8, MARGIN + BAR_LABEL + length + 4, pdf.y() + 2, score(s.score()).trim());
        }
    }

    private static List<ReportTable.Stratum> strata(ReportTable.Group group, String stratifier) {
        return group.stratifiers().stream().filter(s -> s.code().equals(stratifier)).findFirst().map(ReportTable.Stratifier::strata)
                .orElse(List.of());
    }

    /** A horizontal bar chart: one bar per stratum, its length by count, the count written after it. */
    private void bars(String title, List<ReportTable.Stratum> strata, boolean nonZeroOnly) throws IOException {
        List<ReportTable.Stratum> shown = nonZeroOnly ? strata.stream().filter(s -> s.count() > 0).toList() : strata;
        if (shown.isEmpty()) {
            return;
        }
        long max = Math.max(1, shown.stream().mapToLong(ReportTable.Stratum::count).max().orElse(1));
        pdf.ensure(24 + shown.size() * 14f);
        pdf.down(6);
        text(bold, 10, "Figur: " + title, 0);
        for (ReportTable.Stratum s : shown) {
            pdf.down(14);
            label(regular, 8, MARGIN, pdf.y() + 2, fit(s.display(), BAR_LABEL - 6));
            float length = (WIDTH - BAR_LABEL - 50) * s.count() / max;
            pdf.out().setNonStrokingColor(0.25f, 0.45f, 0.7f);
            pdf.out().addRect(MARGIN + BAR_LABEL, pdf.y(), Math.max(length, 0.5f), 10);
            pdf.out().fill();
            pdf.out().setNonStrokingColor(0f, 0f, 0f);
            label(regular, 8, MARGIN + BAR_LABEL + length + 4, pdf.y() + 2, String.valueOf(s.count()));
        }
    }

    /** A line chart: one point per stratum (in order), its height by count, the count written above it. */
    private void line(String title, List<ReportTable.Stratum> strata) throws IOException {
        if (strata.isEmpty()) {
            return;
        }
        float height = 90;
        pdf.ensure(height + 50);
        pdf.down(6);
        text(bold, 10, "Figur: " + title, 0);
        pdf.down(height + 20);
        long max = Math.max(1, strata.stream().mapToLong(ReportTable.Stratum::count).max().orElse(1));
        float step = strata.size() == 1 ? 0 : (WIDTH - 40) / (strata.size() - 1);
        pdf.out().moveTo(MARGIN, pdf.y());
        pdf.out().lineTo(MARGIN + WIDTH, pdf.y());
        pdf.out().stroke();
        pdf.out().setStrokingColor(0.25f, 0.45f, 0.7f);
        for (int i = 0; i < strata.size(); i++) {
            float x = MARGIN + 20 + i * step;
            float py = pdf.y() + height * strata.get(i).count() / max;
            if (i == 0) {
                pdf.out().moveTo(x, py);
            } else {
                pdf.out().lineTo(x, py);
            }
        }
        pdf.out().stroke();
        pdf.out().setStrokingColor(0f, 0f, 0f);
        for (int i = 0; i < strata.size(); i++) {
            float x = MARGIN + 20 + i * step;
            float py = pdf.y() + height * strata.get(i).count() / max;
            label(regular, 7, x - 3, py + 4, String.valueOf(strata.get(i).count()));
            String code = strata.get(i).code();
            label(regular, 6, x - 8, pdf.y() - 9, code.length() == 7 ? code.substring(5) + "/" + code.substring(2, 4) : fit(code, step));
        }
        pdf.down(12);
    }



    private void text(PDType1Font font, float size, String text, float indent) throws IOException {
        if (pdf.y() < MARGIN + size * 2) {
            pdf.newPage();
        }
        pdf.down(size * 1.4f);
        label(font, size, MARGIN + indent, pdf.y(), fit(text, WIDTH - indent, size));
    }

    private void row(String name, String value) throws IOException {
        if (pdf.y() < MARGIN + 20) {
            pdf.newPage();
        }
        pdf.down(11);
        label(regular, 8, MARGIN + 16, pdf.y(), fit(name, WIDTH * 0.7f));
        label(regular, 8, MARGIN + WIDTH * 0.75f, pdf.y(), value);
    }

    private void label(PDType1Font font, float size, float x, float at, String text) throws IOException {
        pdf.show(font, size, x, at, text);
    }

    private String fit(String text, float width) throws IOException {
        return fit(text, width, 8);
    }

    /** Cuts {@code text} to {@code width} points at {@code size} pt (with an ellipsis); bold text measured as regular plus a tenth. */
    private String fit(String text, float width, float size) throws IOException {
        String s = PdfPages.safe(text);
        float scale = size * 1.1f / 1000;
        if (regular.getStringWidth(s) * scale <= width) {
            return s;
        }
        while (s.length() > 1 && regular.getStringWidth(s + "…") * scale > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private static String unit(String unit) {
        return switch (unit) {
            case "d" -> "dage";
            case "h" -> "timer";
            default -> unit;
        };
    }

    private static String score(ReportTable.Score score) {
        return score == null ? "" : " (" + score.value().toPlainString().replace('.', ',') + " " + unit(score.unit()) + ")";
    }
}
