package dk.rehab.adapter.fhir;

/**
 * Every canonical URL, identifier system and fixed code the adapter speaks, in one place.
 *
 * <p>The project's own artefacts (profiles, extensions, code systems, value sets, search parameters)
 * live under {@link #BASE}. Identifier systems are DK Core's; plan codes are KL's (CareSocialCodes), kept
 * with KL's meaning so a KL Gateway report can be derived later.
 */
public final class Canonical {
    private Canonical() {
    }

    /** The project's canonical base. */
    public static final String BASE = "http://rehab-adapter.dk/fhir";

    public static final String SD = BASE + "/StructureDefinition/";
    public static final String CS = BASE + "/CodeSystem/";
    public static final String VS = BASE + "/ValueSet/";
    public static final String SP = BASE + "/SearchParameter/";

    // Profiles
    public static final String PROFILE_PLAN = SD + "rehab-plan";
    public static final String PROFILE_PATIENT = SD + "rehab-patient";
    public static final String PROFILE_ORGANIZATION = SD + "rehab-organization";
    public static final String PROFILE_CONDITION = SD + "rehab-condition";

    // DK Core profiles our resources also claim
    public static final String DK_CORE_PATIENT = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-patient";
    public static final String DK_CORE_ORGANIZATION = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-organization";
    public static final String DK_CORE_CONDITION = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-condition";

    // Extensions on the plan (ServiceRequest)
    /** KL's discharge date extension (valueDate). */
    public static final String EXT_PRECONDITION_DATE = "http://fhir.kl.dk/rehab/StructureDefinition/PreconditionDate";
    /** Core R4 extension carrying why a plan is not acted on (valueCodeableConcept). */
    public static final String EXT_STATUS_REASON = "http://hl7.org/fhir/StructureDefinition/request-statusReason";
    /** Organization(s) that must receive the final status (valueReference, repeats). */
    public static final String EXT_FINAL_STATUS_RECEIVER = SD + "final-status-receiver";
    /** On a plan handed over by another municipality: that municipality (the transfer message's sender). */
    public static final String EXT_TRANSFERRED_FROM = SD + "transferred-from";
    /** Complex: sub-extensions {@code wanted} (valueBoolean) and {@code receiver} (valueReference Organization). */
    public static final String EXT_GP_COPY = SD + "gp-copy";
    /** The citizen's informed consent as the hospital recorded it (valueBoolean). */
    public static final String EXT_CITIZEN_CONSENT = SD + "citizen-consent";
    /** Complex: what the hospital wrote about the start: {@code text} (valueString), {@code notBefore} (valueDate). */
    public static final String EXT_HOSPITAL_START_REQUIREMENT = SD + "hospital-start-requirement";
    /** Computed by the adapter: the date by which the citizen must be contacted (valueDate). */
    public static final String EXT_CONTACT_DEADLINE = SD + "contact-deadline";
    /** Computed by the adapter: the municipal start deadline (valueDate). */
    public static final String EXT_START_DEADLINE = SD + "start-deadline";
    /** Computed by the adapter: from this date the citizen may use free choice (valueDate). */
    public static final String EXT_FREE_CHOICE_DATE = SD + "free-choice-date";
    /** Computed by the adapter: false for a plan the region delivers (specialiseret) (valueBoolean). */
    public static final String EXT_MUNICIPAL_RESPONSIBILITY = SD + "municipal-responsibility";

    // Identifier systems (DK Core)
    public static final String SYSTEM_CPR = "urn:oid:1.2.208.176.1.2";
    public static final String SYSTEM_SOR = "urn:oid:1.2.208.176.1.1";
    /** GLN/EAN as DK Core >= 3.5.0 writes it; the form the adapter stores. */
    public static final String SYSTEM_GLN = "http://www.gs1.org/gln";
    /** GLN/EAN as DK Core <= 3.4.0 and MedCom write it; accepted on input, stored as {@link #SYSTEM_GLN}. */
    public static final String SYSTEM_GLN_HTTPS = "https://www.gs1.org/gln";
    public static final String SYSTEM_YDERNUMMER = "urn:oid:1.2.208.176.1.4";
    /** CVR number (Det Centrale Virksomhedsregister): DK Core's NamingSystem cvr. */
    public static final String SYSTEM_CVR = "http://cvr.dk";
    public static final String SYSTEM_MUNICIPALITY_CODE = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes";
    public static final String SYSTEM_SKS = "urn:oid:1.2.208.176.2.4.12";

    // Code systems
    public static final String CS_CARE_SOCIAL = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes";
    public static final String CS_FSIII = "urn:oid:1.2.208.176.2.21";
    /** The adapter's stable error codes, used in OperationOutcome.issue.details.coding. */
    public static final String CS_ERROR = CS + "error-codes";

    // Value sets
    public static final String VS_PLAN_TYPES = VS + "rehab-plan-types";
    public static final String VS_PLAN_STATUS_REASONS = VS + "rehab-plan-status-reasons";
    public static final String VS_PLAN_SERVICE_TYPES = VS + "rehab-plan-service-types";

    // Codes (CareSocialCodes)
    public static final String CODE_REHAB_AFTER_HOSPITAL = "7fc66c15-0cb3-4c89-9e18-f3a01e6a6592";
    public static final String PLAN_TYPE_ALMEN = "ffd81f78-352e-4589-a195-5350dd1df2a4";
    public static final String PLAN_TYPE_SPECIALISERET = "0c8e2bfc-1350-45d1-90da-c07e2645d073";
    public static final String PLAN_TYPE_REHABILITERING = "83c89857-8fb8-4163-97b1-eb1a56345c29";
    public static final String PLAN_LEVEL_BASAL = "8b962281-2ab6-4b10-9c91-4bac592d6d49";
    public static final String PLAN_LEVEL_AVANCERET = "b679c454-2da2-46dd-9425-0e52d4aa2bf3";
    public static final String STATUS_REASON_UDSKUDT = "a8632e22-bf0c-4f5a-92a7-70977ba104d5";
    public static final String STATUS_REASON_ANDEN_KOMMUNE = "f64b8f5e-8ced-4a8b-ab73-8994fb524915";
    public static final String STATUS_REASON_FRIT_VALG = "3796fa11-305f-47d6-b164-45b05489afb2";
    public static final String STATUS_REASON_FRIT_VALG_AFSLAAET = "46a6bc1f-bfe8-4390-a71f-44ad4a384b9d";
    public static final String STATUS_REASON_FEJL = "8ac7be88-5d16-4dbd-a61a-ab02673f4b34";

    // Courses, sessions, therapists, teams and the service catalogue (issue 4)
    public static final String PROFILE_COURSE = SD + "rehab-course";
    public static final String PROFILE_SESSION = SD + "rehab-session";
    public static final String PROFILE_PRACTITIONER = SD + "rehab-practitioner";
    public static final String PROFILE_TEAM = SD + "rehab-team";
    public static final String PROFILE_PACKAGE = SD + "rehab-package";
    /** A cohort of citizens (Group of Patients), e.g. for a regional data warehouse's Group/[id]/$export. */
    public static final String PROFILE_GROUP = SD + "rehab-group";
    /** The course's legal basis (valueCodeableConcept from {@link #CS_LEGAL_BASIS}). */
    public static final String EXT_COURSE_LEGAL_BASIS = SD + "course-legal-basis";
    /** Why the course ended (valueCodeableConcept, KL's course-end reasons); required when finished or cancelled. */
    public static final String EXT_COURSE_END_REASON = SD + "course-end-reason";
    /** On an Appointment (or Observation): the course it belongs to (valueReference EpisodeOfCare). */
    public static final String EXT_COURSE = SD + "course";
    /** The package the course was allocated (valueCanonical of a PlanDefinition in the service catalogue). */
    public static final String EXT_COURSE_PACKAGE = SD + "course-package";
    /** Complex, repeats: one grant of extra sessions: sessions, grantedBy, date, reason. */
    public static final String EXT_EXTRA_SESSIONS = SD + "extra-sessions";
    /** Computed, complex: sessions of the package, extra, used, booked, remaining, cancelled, noshow. */
    public static final String EXT_SESSION_USAGE = SD + "session-usage";
    /** Computed, complex: the course is due for re-assessment: reason, since. */
    public static final String EXT_REASSESSMENT = SD + "reassessment";
    /** Where a session takes place (valueCoding from {@link #CS_SESSION_PLACES}). */
    public static final String EXT_SESSION_PLACE = SD + "session-place";
    /** A team's capacity, 6-10 citizens (valueInteger). */
    public static final String EXT_TEAM_CAPACITY = SD + "team-capacity";
    /** On a PlanDefinition: check-ins, individual, group or combination (valueCoding). */
    public static final String EXT_PACKAGE_MODALITY = SD + "package-modality";
    /** On a PlanDefinition action: the maximum number of sessions (valueDecimal; the catalogue has 17.5). */
    public static final String EXT_MAX_SESSIONS = SD + "max-sessions";
    /** On a PlanDefinition: the geriatric visitation category (1-4) the package serves (valueInteger, repeats). */
    public static final String EXT_VISITATION_CATEGORY = SD + "visitation-category";

    public static final String CS_LEGAL_BASIS = CS + "legal-basis";
    public static final String CS_DIAGNOSIS_GROUPS = CS + "diagnosis-groups";
    public static final String CS_SESSION_TYPES = CS + "session-types";
    public static final String CS_SESSION_PLACES = CS + "session-places";
    public static final String CS_CANCELLATION_REASONS = CS + "session-cancellation-reasons";
    public static final String CS_PACKAGE_MODALITIES = CS + "package-modalities";
    public static final String VS_COURSE_END_REASONS = VS + "rehab-course-end-reasons";
    /** The canonical base of the service catalogue's PlanDefinitions. */
    public static final String PACKAGE_BASE = BASE + "/PlanDefinition/";

    // KL's course-end reasons (CareSocialCodes)
    public static final String END_REASON_EVENT = "82e99421-31da-4915-96ed-168ccfa1d20c";
    public static final String END_REASON_NO_NEED_CITIZEN = "4bbf6d6a-a1c6-41c2-b8c1-7352b7378adf";
    public static final String END_REASON_NO_NEED_PROFESSIONAL = "a63b6aa6-7d56-4e67-a5b3-d73f6d262af5";
    public static final String END_REASON_NO_CONTACT = "ef491570-7884-4acd-bcf7-43d6b2c64762";
    public static final String END_REASON_DECLINED = "3a5a72b7-addf-4857-b80c-04e4246e3072";
    /** The adapter's own course-end reasons (a course closed by $transfer): free-choice, moved. */
    public static final String CS_COURSE_END_REASONS = CS + "course-end-reasons";

    // Issue 5: functional status, final status, delivery
    public static final String PROFILE_FUNCTIONAL_STATUS = SD + "rehab-functional-status";
    public static final String PROFILE_FINAL_STATUS = SD + "rehab-final-status";
    public static final String PROFILE_DELIVERY_TASK = SD + "rehab-delivery-task";
    /** The audit trail (issue 11): one AuditEvent per access to a citizen's data, BALP-shaped. */
    public static final String PROFILE_AUDIT_EVENT = SD + "rehab-audit-event";
    public static final String LEGAL_BASIS_SUL_140 = "sul-140";
    /** Jobcenter referrals (SEL § 86.1): the legal bases of a ServiceRequest from a Jobcenter, and its profile. */
    public static final String LEGAL_BASIS_JOBCENTER = "sel-86-1-jobcenter";
    public static final String LEGAL_BASIS_FUNCTIONAL_CAPACITY = "sel-86-1-funktionsevnevurdering";
    public static final String PROFILE_JOBCENTER_REFERRAL = SD + "rehab-jobcenter-referral";
    /** The document type of the functional-capacity assessment (funktionsevnevurdering) sent to the Jobcenter. */
    public static final String DOC_TYPE_FUNCTIONAL_CAPACITY = "functional-capacity-assessment";
    /** The assessment phase of a functional status (valueCoding, {@link #CS_ASSESSMENT_PHASE}). */
    public static final String EXT_ASSESSMENT_PHASE = SD + "assessment-phase";
    public static final String CS_ASSESSMENT_PHASE = CS + "assessment-phase";
    public static final String CS_FUNCTIONAL_STATUS_COMPONENT = CS + "functional-status-component";
    public static final String CS_DOCUMENT_TYPES = CS + "document-types";
    public static final String CS_DELIVERY_STATUS = CS + "delivery-status";
    /** Identifier system of final statuses (DocumentReference.masterIdentifier): stable across re-sends. */
    public static final String SYSTEM_FINAL_STATUS = BASE + "/final-status";
    public static final String VS_FSIII_AREAS = VS + "fsiii-areas";
    public static final String VS_FSIII_CONDITIONS_140 = VS + "fsiii-conditions-140";
    public static final String VS_FSIII_LEVELS = VS + "fsiii-levels";
    public static final String FSIII_PERFORMANCE = "d6d48a71-b96f-4b88-86f9-b13bd3c03560";
    public static final String FSIII_IMPORTANCE = "687159ad-a61c-47c0-a878-53aa54bae2d5";

    // Issue 13 items 2 and 3: contact with the citizen and reminders
    public static final String PROFILE_COMMUNICATION = SD + "rehab-communication";
    /** How the citizen was (or is) reached: phone, digital-post, letter. */
    public static final String CS_CONTACT_MEDIA = CS + "contact-media";
    public static final String VS_CONTACT_MEDIA = VS + "contact-media";
    /** What a Communication is: contact (recorded), contact-letter, reminder. */
    public static final String CS_COMMUNICATION_CATEGORIES = CS + "communication-categories";
    public static final String VS_COMMUNICATION_CATEGORIES = VS + "communication-categories";
    /** Identifier system of the Communications sent to the citizen: the adapter's id, stable across re-sends. */
    public static final String SYSTEM_COMMUNICATION = BASE + "/communication";
}
