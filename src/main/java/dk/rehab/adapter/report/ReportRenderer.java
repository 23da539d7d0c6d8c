package dk.rehab.adapter.report;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.MeasureReportBuilder;
import dk.rehab.adapter.fhir.ReportTable;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/** The answer of a computed report: a Bundle (collection) of MeasureReports as FHIR JSON, one table as CSV, or the Danish PDF. */
@Component
public class ReportRenderer {
    public static final String FHIR_JSON = "application/fhir+json;charset=UTF-8";
    public static final String CSV = "text/csv;charset=UTF-8";
    public static final String PDF = "application/pdf";
    private final FhirContext fhir;
    private final java.util.Map<String, String> titles = new java.util.LinkedHashMap<>();

    public ReportRenderer(FhirContext fhir, List<AnnualReportTable> tables) {
        this.fhir = fhir;
        tables.forEach(t -> titles.put(t.id(), t.title()));
    }

    public record Rendered(String contentType, byte[] body) {
    }

    public Rendered render(ReportRequest request, List<ReportTable> tables) {
        if (request.format() == ReportRequest.Format.CSV) {
            return new Rendered(CSV, ReportCsv.write(tables.get(0)).getBytes(StandardCharsets.UTF_8));
        }
        if (request.format() == ReportRequest.Format.PDF) {
            return new Rendered(PDF, ReportPdf.render(request.period(), titles, tables));
        }
        return new Rendered(FHIR_JSON, fhir.newJsonParser().encodeResourceToString(bundle(request, tables)).getBytes(StandardCharsets.UTF_8));
    }

    public Bundle bundle(ReportRequest request, List<ReportTable> tables) {
        Date now = new Date();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(now);
        bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
        for (ReportTable table : tables) {
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(MeasureReportBuilder.build(table, request.period().start(), request.period().end(), now));
        }
        return bundle;
    }
}
