package dk.rehab.adapter.support;

import dk.rehab.adapter.fhir.Canonical;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/** Valid test data, written for this project: citizens with unique CPR numbers, hospitals, plans. */
public final class Plans {
    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.nanoTime() % 5000));

    private Plans() {
    }

    /** A SOR id no other test uses (so that the hospital is a new Organization). */
    public static String uniqueSor() {
        return String.valueOf(100000000000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 800000000000L));
    }

    /** A CPR number with a real date part, unique within this JVM. */
    public static String newCpr() {
        int n = SEQUENCE.incrementAndGet();
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(n % 20000);
        int serial = 1000 + (n / 20000) * 37 % 3000 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 5000);
        return String.format("%02d%02d%02d%04d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100, serial);
    }

    /** A GLN with a correct GS1 check digit, from 12 digits. */
    public static String gln(String twelveDigits) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = twelveDigits.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        return twelveDigits + (10 - sum % 10) % 10;
    }

    public static Patient patient(String cpr) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(Canonical.SYSTEM_CPR).setValue(cpr);
        patient.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Testesen").addGiven("Test"));
        return patient;
    }

    public static Organization hospital(String sor, String gln) {
        Organization org = new Organization();
        if (sor != null) {
            org.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(sor);
        }
        if (gln != null) {
            org.addIdentifier().setSystem(Canonical.SYSTEM_GLN).setValue(gln);
        }
        org.setName("Testhospitalet, Ortopædkirurgisk Afdeling");
        return org;
    }

    public static Condition diagnosis(String patientRef, String sks) {
        Condition condition = new Condition();
        condition.getCode().addCoding(new Coding(Canonical.SYSTEM_SKS, sks, null));
        condition.setSubject(new Reference(patientRef));
        return condition;
    }

    /** A valid almen plan discharged on {@code discharge}; references as given (ids or urn:uuid placeholders). */
    public static ServiceRequest plan(String patientRef, String hospitalRef, LocalDate discharge) {
        ServiceRequest plan = new ServiceRequest();
        plan.addExtension(new Extension(Canonical.EXT_PRECONDITION_DATE, new DateType(discharge.toString())));
        plan.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
        plan.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        plan.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        plan.addCategory(planType(Canonical.PLAN_TYPE_ALMEN));
        plan.setCode(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.CODE_REHAB_AFTER_HOSPITAL,
                "Kommunal genoptræning efter sygehusophold")));
        plan.setSubject(new Reference(patientRef));
        plan.setRequester(new Reference(hospitalRef));
        return plan;
    }

    public static CodeableConcept planType(String code) {
        return new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, code, null));
    }

    public static void consent(ServiceRequest plan, boolean consent) {
        plan.addExtension(new Extension(Canonical.EXT_CITIZEN_CONSENT, new BooleanType(consent)));
    }

    public static void startRequirement(ServiceRequest plan, String text, LocalDate notBefore) {
        Extension ext = new Extension(Canonical.EXT_HOSPITAL_START_REQUIREMENT);
        if (text != null) {
            ext.addExtension("text", new StringType(text));
        }
        if (notBefore != null) {
            ext.addExtension("notBefore", new DateType(notBefore.toString()));
        }
        plan.addExtension(ext);
    }

    /** The plan transaction: Patient, hospital, diagnosis and plan, with urn:uuid references and conditional creates. */
    public static Bundle transaction(String cpr, Organization hospital, LocalDate discharge) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        String hospitalUrl = "urn:uuid:" + UUID.randomUUID();
        String conditionUrl = "urn:uuid:" + UUID.randomUUID();
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient(cpr)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        bundle.addEntry().setFullUrl(hospitalUrl).setResource(hospital).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
        bundle.addEntry().setFullUrl(conditionUrl).setResource(diagnosis(patientUrl, "DS720")).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
        ServiceRequest plan = plan(patientUrl, hospitalUrl, discharge);
        plan.addReasonReference(new Reference(conditionUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(plan).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest")
                .setIfNoneExist("identifier=" + plan.getIdentifierFirstRep().getSystem() + "|" + plan.getIdentifierFirstRep().getValue());
        return bundle;
    }

    public static ServiceRequest planOf(Bundle transaction) {
        return (ServiceRequest) transaction.getEntry().get(3).getResource();
    }
}
