package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.fhir.Canonical;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * One citizen's {@code klgateway-140-delivery-report} (a collection Bundle) from a {@link CitizenRecord}, by the mappers
 * of this package: the citizen first (KL's required {@code citizen} slice), then the organisations, and per plan its
 * diagnoses and the plan, per course its CarePlans, held sessions and § 140 conditions. Every entry's
 * {@code fullUrl} is {@code <resource base>/<type>/<id>} with the adapter's ids, so a later report about the same citizen
 * names the same resources. Pure; {@link #wrap} makes the {@code klgateway-140-incremental-delivery} around reports.
 */
public final class KlDeliveryReportAssembler {
    private KlDeliveryReportAssembler() {
    }

    public static Bundle report(CitizenRecord citizen, String id, Date timestamp, String resourceBase) {
        Bundle b = new Bundle();
        b.setId(id);
        Kl.profile(b, Kl.DELIVERY_REPORT);
        b.setType(Bundle.BundleType.COLLECTION);
        b.setTimestampElement(instant(timestamp));
        add(b, resourceBase, KlPatientMapper.map(citizen.patient(), citizen.municipality()));
        Set<String> orgs = new LinkedHashSet<>();
        for (Organization org : citizen.organizations()) {
            if (orgs.add(org.getIdElement().getIdPart())) {
                add(b, resourceBase, KlOrganizationMapper.map(org));
            }
        }
        Set<String> diagnoses = new LinkedHashSet<>();
        for (CitizenRecord.Plan plan : citizen.plans()) {
            plan.diagnoses().stream().filter(d -> diagnoses.add(d.getIdElement().getIdPart()))
                    .forEach(d -> add(b, resourceBase, KlDiagnosisMapper.map(d)));
            add(b, resourceBase, KlServiceRequestMapper.map(plan.plan()));
        }
        for (CitizenRecord.Course course : citizen.courses()) {
            String courseId = course.course().getIdElement().getIdPart();
            add(b, resourceBase, KlCarePlanMapper.course(course.course(), course.sessions()));
            KlCarePlanMapper.assessment(course.course(), course.sessions()).ifPresent(cp -> add(b, resourceBase, cp));
            course.sessions().forEach(s -> KlEncounterMapper.map(s, courseId).ifPresent(e -> add(b, resourceBase, e)));
            for (List<Observation> area : byArea(course.assessments()).values()) {
                KlConditionMapper.map(area).ifPresent(c -> add(b, resourceBase, c));
            }
        }
        return b;
    }

    public static Bundle wrap(List<Bundle> reports, String id, Date timestamp, String resourceBase) {
        Bundle b = new Bundle();
        b.setId(id);
        Kl.profile(b, Kl.INCREMENTAL_DELIVERY);
        b.setType(Bundle.BundleType.COLLECTION);
        b.setTimestampElement(instant(timestamp));
        reports.forEach(r -> add(b, resourceBase, r));
        return b;
    }

    private static InstantType instant(Date timestamp) {
        InstantType t = new InstantType(timestamp);
        t.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        return t;
    }

    private static void add(Bundle b, String base, Resource r) {
        b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
    }

    private static Map<String, List<Observation>> byArea(List<Observation> assessments) {
        Map<String, List<Observation>> byArea = new LinkedHashMap<>();
        for (Observation o : assessments) {
            String area = o.getCode().getCoding().stream().filter(c -> Canonical.CS_FSIII.equals(c.getSystem())).map(Coding::getCode)
                    .findFirst().orElse(null);
            if (area != null) {
                byArea.computeIfAbsent(area, a -> new ArrayList<>()).add(o);
            }
        }
        return byArea;
    }
}
