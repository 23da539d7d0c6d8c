package dk.rehab.adapter.klgateway;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * KL Gateway § 140 (kl.dk.fhir.rehab 2.2.0): the canonical URLs, codes and small helpers the mappers share. The codes
 * are facts of KL's published packages (CareSocialCodes, FSIII); the package's files are not copied.
 */
public final class Kl {
    public static final String BASE = "http://fhir.kl.dk/rehab/StructureDefinition/";
    public static final String INCREMENTAL_DELIVERY = BASE + "klgateway-140-incremental-delivery";
    public static final String DELIVERY_REPORT = BASE + "klgateway-140-delivery-report";
    public static final String SERVICE_REQUEST = BASE + "klgateway-140-servicerequest";
    public static final String CARE_PLAN = BASE + "klgateway-140-care-plan";
    public static final String PLANNED_INTERVENTION = BASE + "klgateway-140-planned-intervention";
    public static final String ENCOUNTER = BASE + "klgateway-140-encounter";
    public static final String CONDITION = BASE + "klgateway-140-condition";
    public static final String FOCUS_CONDITION = BASE + "klgateway-140-focus-condition";
    public static final String ORGANIZATION = BASE + "klgateway-140-organization";
    public static final String CITIZEN = BASE + "klgateway-140-citizen";

    public static final String EXT_PRECONDITION_DATE = BASE + "PreconditionDate";
    public static final String EXT_BASED_ON_SERVICE_REQUEST = BASE + "BasedOnServiceRequestExtension";
    public static final String EXT_BASED_ON_CARE_PLAN = BASE + "BasedOnCarePlanExtension";
    public static final String EXT_DELIVERY_TYPE = BASE + "DeliveryType";
    public static final String EXT_STATUS_REASON = "http://hl7.org/fhir/StructureDefinition/request-statusReason";

    public static final String CARE_SOCIAL = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes";
    public static final String FSIII = "urn:oid:1.2.208.176.2.21";
    public static final String SOR = "urn:oid:1.2.208.176.1.1";
    public static final String CPR = "urn:oid:1.2.208.176.1.2";
    public static final String SKS = "urn:oid:1.2.208.176.2.4.12";
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /** CarePlanCategories140: "Interventionsforløb efter §140". */
    public static final String CATEGORY_INTERVENTION_COURSE = "f15b2663-94d9-4d0c-a5de-d8bd8e1e4ebb";
    /** FSIII § 140 intervention "Terapeutfaglig udredning" (the assessment). */
    public static final String INTERVENTION_ASSESSMENT = "1130ad70-6553-490d-87f8-5e8941687a0c";
    /** DeliveryTypes140: individual. */
    public static final String DELIVERY_INDIVIDUAL = "8d12d74c-17da-47a7-a4fe-e69dbaec0a8c";

    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private Kl() {
    }

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    /** The calendar day of {@code date} in Danish time. */
    static DateType day(Date date) {
        LocalDate d = LocalDate.ofInstant(date.toInstant(), ZONE);
        return new DateType(d.toString());
    }

    /** An instant as a dateTime in UTC, to the millisecond (stable text whatever the JVM's zone). */
    static DateTimeType instant(Date date) {
        DateTimeType t = new DateTimeType(date);
        t.setTimeZone(UTC);
        return t;
    }

    static Reference ref(Resource r) {
        return new Reference(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }

    static Reference ref(String type, String id) {
        return new Reference(type + "/" + id);
    }

    static void profile(Resource r, String profile) {
        r.getMeta().addProfile(profile);
    }
}
