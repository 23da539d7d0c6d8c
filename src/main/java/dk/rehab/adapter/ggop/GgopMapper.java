package dk.rehab.adapter.ggop;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.message.Messaging;
import dk.rehab.adapter.message.PlanMessage;
import dk.rehab.adapter.organization.OrganizationIds;
import dk.rehab.adapter.patient.Cpr;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Maps a MedCom GGOP (OIOXML {@code GGOP100}) to the FHIR resources of a plan: Patient, the sending department
 * and the receiving municipality (Organizations), the diagnoses (Conditions) and the plan ({@code rehab-plan}).
 * Pure: no storage. Where each GGOP element goes is the table in the README ("Legacy GGOP XML"); in short:
 *
 * <ul>
 *   <li>structured homes: CPR, names, address, phones, e-mail, relatives and c/o address (Patient); sender and
 *       receiver (Organizations with EAN/GLN, department number, municipality code); plan type (category);
 *       consent; start deadline (hospital-start-requirement); expected end = discharge date (PreconditionDate);
 *       GP copy receiver or Deselected (gp-copy); final-status receivers; diagnoses (Conditions); letter and
 *       episode identifiers;</li>
 *   <li>{@code ServiceRequest.note}, one Annotation per part with a Danish heading: the free texts, functional
 *       ability at discharge (the extended text's Bold/Italic/Break formatting as Markdown), rehab need and
 *       potential, admission start, ambulatory control, ICF classifications, journal excerpts (author and date
 *       in the Annotation), contacts in region and municipality, the care team, signer and co-writer, other
 *       copy receivers, occupation, references, the envelope and letter data;</li>
 *   <li>anything else the document holds (an element this mapper does not know) is kept in one more note,
 *       "Øvrigt indhold", as {@code path = text}; and the original XML is kept byte for byte, linked to the
 *       plan ({@code $original}).</li>
 * </ul>
 * Placeholders ({@code urn:uuid:}) are derived from the message key, so the same document maps to the same result.
 */
@Component
public class GgopMapper {
    /** The longest envelope or letter identifier taken (the two form the message's key; MedCom's are 14 digits). */
    static final int MAX_IDENTIFIER = 64;
    public static final String SYSTEM_LETTER = Canonical.BASE + "/NamingSystem/ggop-letter";
    public static final String SYSTEM_EPISODE = Canonical.BASE + "/NamingSystem/ggop-episode-of-care";
    public static final String SYSTEM_DEPARTMENT = Canonical.BASE + "/NamingSystem/ggop-sygehusafdelingsnummer";

    private static final Map<String, String> PLAN_TYPES = Map.of(
            "almen", Canonical.PLAN_TYPE_ALMEN,
            "specialiseret", Canonical.PLAN_TYPE_SPECIALISERET,
            "rehabilitering", Canonical.PLAN_TYPE_REHABILITERING);
    private static final Map<String, ContactPointUse> PHONE_USE = Map.of(
            "mobil", ContactPointUse.MOBILE, "fastnet", ContactPointUse.HOME, "arbejde", ContactPointUse.WORK);

    private final AdapterProperties.Messaging config;

    public GgopMapper(AdapterProperties properties) {
        this.config = properties.messaging();
    }

    public PlanMessage map(byte[] body, String contentType) {
        GgopDocument doc = GgopDocument.parse(body);
        Element root = doc.root();
        Element envelope = doc.child(root, "Envelope");
        String envelopeId = doc.text(envelope, "Identifier");
        if (envelopeId == null) {
            throw new AdapterException(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "the envelope has no Identifier: there is no message to acknowledge", "/Emessage/Envelope/Identifier");
        }
        if (envelopeId.length() > MAX_IDENTIFIER) {
            throw new AdapterException(ErrorCode.INVALID_IDENTIFIER, "the envelope Identifier has " + envelopeId.length()
                    + " characters; a MedCom identifier has at most " + MAX_IDENTIFIER, "/Emessage/Envelope/Identifier");
        }
        Problems problems = new Problems();
        Element plan = doc.child(root, "RehabilitationPlan");
        Element letter = doc.child(plan, "Letter");
        String letterId = doc.text(letter, "Identifier");
        if (letterId != null && letterId.length() > MAX_IDENTIFIER) {
            throw new AdapterException(ErrorCode.INVALID_IDENTIFIER, "the letter Identifier has " + letterId.length()
                    + " characters; a MedCom identifier has at most " + MAX_IDENTIFIER, "/Emessage/RehabilitationPlan/Letter/Identifier");
        }
        String key = envelopeId + (letterId == null ? "" : ":" + letterId);
        if (plan == null) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "the Emessage holds no RehabilitationPlan", "/Emessage/RehabilitationPlan");
            return new PlanMessage(Messaging.CHANNEL_GGOP, key, null, envelopeId, null, null, Messaging.NEW_MESSAGE, null, null,
                    List.of(), problems.list(), contentType, body);
        }
        String p = "/Emessage/RehabilitationPlan";
        if (letterId == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the letter has no Identifier", p + "/Letter/Identifier");
        }
        String version = doc.text(letter, "VersionCode");
        if (version != null && !"GGOP100".equals(version)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the adapter reads GGOP version GGOP100, not " + version, p + "/Letter/VersionCode");
        }
        String typeCode = doc.text(letter, "TypeCode");
        if (typeCode != null && !"GGOP".equals(typeCode)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the letter's TypeCode must be GGOP, was " + typeCode, p + "/Letter/TypeCode");
        }
        List<Annotation> notes = new ArrayList<>();
        Map<String, String> placeholders = new java.util.HashMap<>();
        java.util.function.Function<String, String> uuid = role -> placeholders.computeIfAbsent(role,
                r -> "urn:uuid:" + UUID.nameUUIDFromBytes((key + "|" + r).getBytes(StandardCharsets.UTF_8)));

        // Sender, receiver
        Element senderElement = doc.child(plan, "Sender");
        Organization sender = organization(doc, senderElement, p + "/Sender", problems, true);
        note(notes, "Underskrevet af", person(doc, doc.child(senderElement, "SignedBy")));
        note(notes, "Medforfatter", person(doc, doc.child(senderElement, "CoWriter")));
        Element receiverElement = doc.child(plan, "Receiver");
        Organization receiver = organization(doc, receiverElement, p + "/Receiver", problems, true);
        if (receiverElement != null && !isUs(receiver)) {
            problems.add(ErrorCode.WRONG_RECEIVER, "the plan is addressed to another receiver than this municipality (EAN " + config.ean()
                    + ", municipality number " + config.municipality() + ")", p + "/Receiver");
        }

        // Patient
        Element patientElement = doc.child(plan, "Patient");
        Patient patient = new Patient();
        String cpr = doc.text(patientElement, "CivilRegistrationNumber");
        String cprAt = p + "/Patient/CivilRegistrationNumber";
        if (cpr == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan has no CPR number", cprAt);
        } else if (Cpr.problem(cpr) != null) {
            problems.add(ErrorCode.INVALID_CPR, Cpr.problem(cpr), cprAt);
        } else {
            patient.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_CPR).setValue(Cpr.normalise(cpr));
        }
        HumanName name = name(doc, patientElement);
        if (name == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the citizen has no name", p + "/Patient/PersonSurnameName");
        } else {
            patient.addName(name.setUse(HumanName.NameUse.OFFICIAL));
        }
        address(doc, patientElement).ifPresent(patient::addAddress);
        phones(doc, patientElement).forEach(patient::addTelecom);
        String email = doc.text(patientElement, "EmailAddressIdentifier");
        if (email != null) {
            patient.addTelecom(new ContactPoint().setSystem(ContactPointSystem.EMAIL).setValue(email));
        }
        Element coAddress = doc.child(patientElement, "CoAddress");
        if (coAddress != null) {
            Patient.ContactComponent contact = patient.addContact();
            contact.addRelationship().setText("c/o-adresse");
            contact.setName(name(doc, coAddress));
            address(doc, coAddress).ifPresent(contact::setAddress);
        }
        note(notes, "Beskæftigelse", doc.text(patientElement, "Occupation"));
        for (Element relative : doc.children(doc.child(plan, "Relatives"), "Relative")) {
            Patient.ContactComponent contact = patient.addContact();
            String relation = doc.text(relative, "RelationCode");
            contact.addRelationship().setText(relation == null ? "pårørende" : relation);
            contact.setName(name(doc, relative));
            address(doc, relative).ifPresent(contact::setAddress);
            phones(doc, relative).forEach(contact::addTelecom);
            String relativeEmail = doc.text(relative, "EmailAddressIdentifier");
            if (relativeEmail != null) {
                contact.addTelecom(new ContactPoint().setSystem(ContactPointSystem.EMAIL).setValue(relativeEmail));
            }
        }

        // The plan
        ServiceRequest request = new ServiceRequest();
        if (letterId != null && sender != null) {
            request.addIdentifier().setSystem(SYSTEM_LETTER).setValue(ean(sender) + "-" + letterId);
        }
        String episode = doc.text(letter, "EpisodeOfCareIdentifier");
        if (episode != null) {
            request.addIdentifier().setSystem(SYSTEM_EPISODE).setValue(episode);
        }
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        String type = doc.text(plan, "TypeOfRehabilitationPlan");
        String typeAt = p + "/TypeOfRehabilitationPlan";
        if (type == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan type (almen, specialiseret, rehabilitering) is missing", typeAt);
        } else if (!PLAN_TYPES.containsKey(type.toLowerCase(java.util.Locale.ROOT))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "unknown plan type '" + type + "'; expected almen, specialiseret or rehabilitering", typeAt);
        } else {
            request.addCategory(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, PLAN_TYPES.get(type.toLowerCase(java.util.Locale.ROOT)), null)));
        }
        request.setCode(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.CODE_REHAB_AFTER_HOSPITAL,
                "Kommunal genoptræning efter sygehusophold")));
        request.setSubject(new Reference(uuid.apply("patient")));
        request.setRequester(new Reference(uuid.apply("sender")));
        if (receiver != null) {
            request.addPerformer(new Reference(uuid.apply("receiver")));
        }

        Element contact = doc.child(plan, "CurrentHospitalContact");
        Element end = doc.child(contact, "ExpectedEnd");
        String discharge = doc.text(end, "Date");
        String dischargeAt = p + "/CurrentHospitalContact/ExpectedEnd/Date";
        if (discharge == null) {
            String endText = doc.text(contact, "ExpectedEndText");
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan has no discharge date (CurrentHospitalContact/ExpectedEnd/Date)"
                    + (endText == null ? "" : "; ExpectedEndText is not a date"), dischargeAt);
        } else if (!Texts.isDate(discharge)) {
            problems.add(ErrorCode.INVALID_VALUE, "the discharge date is not a date (YYYY-MM-DD, a day that exists)", dischargeAt);
        } else {
            request.addExtension(new Extension(Canonical.EXT_PRECONDITION_DATE, new DateType(discharge)));
        }
        note(notes, "Forventet udskrivningstidspunkt", doc.text(end, "Time"));
        note(notes, "Forventet udskrivning (tekst)", doc.text(contact, "ExpectedEndText"));
        Element start = doc.child(contact, "Start");
        String admission = dateTime(doc, start);
        note(notes, "Indlagt fra", admission);

        String consent = doc.text(plan, "ConsentInformed");
        if (consent != null) {
            if ("ja".equalsIgnoreCase(consent) || "nej".equalsIgnoreCase(consent)) {
                request.addExtension(new Extension(Canonical.EXT_CITIZEN_CONSENT, new BooleanType("ja".equalsIgnoreCase(consent))));
            } else {
                problems.add(ErrorCode.INVALID_VALUE, "ConsentInformed is ja or nej, was '" + consent + "'", p + "/ConsentInformed");
            }
        }
        String deadline = doc.text(plan, "RehabilitationDeadline");
        if (deadline != null) {
            Extension requirement = new Extension(Canonical.EXT_HOSPITAL_START_REQUIREMENT);
            requirement.addExtension("text", new StringType(deadline));
            request.addExtension(requirement);
        }
        Element gp = doc.child(plan, "GPCCReceiver");
        if (gp != null) {
            Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
            Element gpReceiver = doc.child(gp, "CCReceiver");
            boolean deselected = doc.child(gp, "Deselected") != null;
            gpCopy.addExtension("wanted", new BooleanType(!deselected && gpReceiver != null));
            if (gpReceiver != null) {
                gpCopy.addExtension("receiver", logical(doc, gpReceiver));
            }
            request.addExtension(gpCopy);
        }
        for (Element cc : doc.children(plan, "CCReceiver")) {
            note(notes, "Kopimodtager", describe(doc, cc));
        }
        for (Element resultReceiver : doc.children(doc.child(plan, "FinalResult"), "ResultReceiver")) {
            request.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, logical(doc, resultReceiver)));
        }

        note(notes, "Information til patient og pårørende", doc.text(plan, "InformationForPatientAndRelatives"));
        note(notes, "Praktiske oplysninger", doc.text(plan, "PracticalInformation"));
        note(notes, "Patientsikkerhed", doc.text(plan, "PatientSafetyAspects"));
        Element ambulatory = doc.child(plan, "HospitalAmbulatoryControl");
        if (ambulatory != null) {
            String when = dateTime(doc, doc.child(ambulatory, "ExpectedStart"));
            String whenText = doc.text(ambulatory, "ExpectedStartText");
            Element location = doc.child(ambulatory, "Location");
            note(notes, "Ambulant kontrol", join("; ", when, whenText, location == null ? null : "sted: " + describe(doc, location)));
        }
        note(notes, "Helbredsoplysninger", doc.text(plan, "PatientHealthSummary"));
        note(notes, "Funktionsevne ved udskrivning", doc.text(plan, "AbilityAtDischargeSummary"));
        Element extended = doc.child(plan, "AbilityAtDischargeExtended");
        if (extended != null) {
            doc.markAll(extended);
            note(notes, "Funktionsevne ved udskrivning, uddybet", markdown(extended));
        }
        note(notes, "Genoptræningsbehov og potentiale", doc.text(plan, "RehabilitationNeedAndPotential"));

        List<PlanMessage.Entry> entries = new ArrayList<>();
        int diagnosis = 0;
        for (Element diagnoses : doc.children(doc.child(plan, "ICD10Diagnoses"), "ICD10Diagnose")) {
            for (String kind : List.of("PrimaryDiagnosis", "SecondaryDiagnosis")) {
                for (Element d : doc.children(diagnoses, kind)) {
                    String code = doc.text(d, "Code");
                    String text = doc.text(d, "Text");
                    String codeType = doc.text(d, "TypeCode");
                    if (code == null) {
                        problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a diagnosis needs a Code", GgopDocument.path(d) + "/Code");
                        continue;
                    }
                    Condition condition = new Condition();
                    condition.getCode().addCoding(new Coding(Canonical.SYSTEM_SKS, code, text));
                    if (text != null) {
                        condition.getCode().setText(text);
                    }
                    condition.addCategory().setText("PrimaryDiagnosis".equals(kind) ? "aktionsdiagnose" : "bidiagnose");
                    condition.setSubject(new Reference(uuid.apply("patient")));
                    if (codeType != null && !"ICD10kode".equalsIgnoreCase(codeType)) {
                        condition.addNote().setText("Kodetype: " + codeType);
                    }
                    String fullUrl = uuid.apply("condition-" + diagnosis++);
                    request.addReasonReference(new Reference(fullUrl));
                    entries.add(new PlanMessage.Entry(fullUrl, condition, "Condition (" + GgopDocument.path(d) + ")"));
                }
            }
        }
        for (Element icf : doc.children(doc.child(plan, "ICFClassifications"), "ICFClassification")) {
            note(notes, "ICF-klassifikation", join("; ", codeText(doc, doc.child(icf, "ICFCode")),
                    "gradient " + codeText(doc, doc.child(icf, "ICFGradient"))));
        }
        for (Element excerpt : doc.children(plan, "JournalExcerpt")) {
            String kind = doc.text(excerpt, "TypeOfExcerpt");
            Element signer = doc.child(excerpt, "Signer");
            String signedBy = person(doc, doc.child(signer, "SignedBy"));
            String signedOn = doc.text(signer, "Date");
            Element comment = doc.child(excerpt, "Comment");
            String text = comment == null ? null : markdown(comment);
            if (comment != null) {
                doc.markAll(comment);
            }
            Annotation annotation = new Annotation().setText("**Journaluddrag" + (kind == null ? "" : ": " + kind) + "**\n\n"
                    + (text == null ? "" : text));
            if (signedBy != null) {
                annotation.setAuthor(new StringType(signedBy));
            }
            if (Texts.isDate(signedOn)) {
                annotation.setTimeElement(new DateTimeType(signedOn));
            }
            notes.add(annotation);
        }
        note(notes, "Kontakt i regionen", describe(doc, doc.child(plan, "ContactCounty")));
        note(notes, "Kontakt i kommunen", describe(doc, doc.child(plan, "ContactMunicipality")));
        for (Element member : doc.children(doc.child(plan, "HealthCareTeam"), "Member")) {
            note(notes, "Behandlerteam", person(doc, member));
        }
        for (Element reference : doc.children(plan, "Reference")) {
            note(notes, "Henvisning", join(": ", doc.text(reference, "RefDescription"), doc.text(reference, "URL")));
        }
        Element sent = doc.child(envelope, "Sent");
        note(notes, "Forsendelse", join("; ", "envelope " + envelopeId, "sendt " + dateTime(doc, sent),
                "kvitteringstype " + doc.text(envelope, "AcknowledgementCode")));
        note(notes, "Brev", join("; ", "brev " + letterId, "version " + version, "statistikkode " + doc.text(letter, "StatisticalCode"),
                "godkendt " + dateTime(doc, doc.child(letter, "Authorisation")), "type " + typeCode));
        List<String> unread = doc.unread();
        if (!unread.isEmpty()) {
            note(notes, "Øvrigt indhold", String.join("\n", unread));
        }
        request.setNote(notes);

        List<PlanMessage.Entry> all = new ArrayList<>();
        if (sender != null) {
            all.add(new PlanMessage.Entry(uuid.apply("sender"), sender, "Organization (" + p + "/Sender)"));
        }
        if (receiver != null) {
            all.add(new PlanMessage.Entry(uuid.apply("receiver"), receiver, "Organization (" + p + "/Receiver)"));
        }
        all.add(new PlanMessage.Entry(uuid.apply("patient"), patient, "Patient (" + p + "/Patient)"));
        all.addAll(entries);
        all.add(new PlanMessage.Entry(uuid.apply("plan"), request, "ServiceRequest (" + p + ")"));
        String correlation = cpr == null || sender == null || admission == null ? null
                : sha256(ean(sender) + "|" + Cpr.normalise(cpr) + "|" + admission);
        return new PlanMessage(Messaging.CHANNEL_GGOP, key, null, envelopeId, sender, null, Messaging.NEW_MESSAGE, null, correlation,
                all, problems.list(), contentType, body);
    }

    private boolean isUs(Organization receiver) {
        if (receiver == null) {
            return false;
        }
        return receiver.getIdentifier().stream().anyMatch(i -> OrganizationIds.isGln(i.getSystem()) && config.ean().equals(i.getValue())
                || Canonical.SYSTEM_MUNICIPALITY_CODE.equals(i.getSystem()) && config.isMunicipality(i.getValue()));
    }

    /** A sender or receiver: EAN as GLN, its Identifier by IdentifierCode, name, address, phone. */
    private Organization organization(GgopDocument doc, Element e, String at, Problems problems, boolean required) {
        if (e == null) {
            if (required) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the element is required", at);
            }
            return null;
        }
        Organization org = new Organization();
        String ean = doc.text(e, "EANIdentifier");
        if (ean == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the EAN location number is required", at + "/EANIdentifier");
        } else if (OrganizationIds.glnProblem(ean) != null) {
            problems.add(ErrorCode.INVALID_IDENTIFIER, OrganizationIds.glnProblem(ean), at + "/EANIdentifier");
        } else {
            org.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_GLN).setValue(ean);
        }
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        if (id != null) {
            if ("kommunenummer".equals(code) && Texts.MUNICIPALITY_NUMBER.matcher(id).matches()) {
                org.addIdentifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue(String.format("%04d", Integer.parseInt(id)));
            } else if ("sygehusafdelingsnummer".equals(code)) {
                org.addIdentifier().setSystem(SYSTEM_DEPARTMENT).setValue(id);
            } else if ("sorkode".equalsIgnoreCase(code) || "sor".equalsIgnoreCase(code)) {
                org.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(id);
            } else {
                org.addIdentifier().setSystem(Canonical.BASE + "/NamingSystem/ggop-" + (code == null ? "identifier" : code)).setValue(id);
            }
        }
        String name = join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"));
        org.setName(name == null ? "(uden navn)" : name);
        address(doc, e).ifPresent(org::addAddress);
        String phone = doc.text(e, "TelephoneSubscriberIdentifier");
        if (phone != null) {
            org.addTelecom(new ContactPoint().setSystem(ContactPointSystem.PHONE).setValue(phone));
        }
        return org;
    }

    /** A copy or final-status receiver, named by identifier (not stored: its EAN need not be a valid GLN). */
    private Reference logical(GgopDocument doc, Element e) {
        String ean = doc.text(e, "EANIdentifier");
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        Reference ref = new Reference();
        if ("ydernummer".equals(code) && id != null) {
            ref.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue(id));
        } else if (ean != null && OrganizationIds.glnProblem(ean) == null) {
            ref.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_GLN).setValue(ean));
        } else if (id != null) {
            ref.setIdentifier(new Identifier().setSystem(Canonical.BASE + "/NamingSystem/ggop-" + (code == null ? "identifier" : code)).setValue(id));
        }
        ref.setType("Organization");
        ref.setDisplay(join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"),
                ean == null ? null : "EAN " + ean, addressText(doc, e)));
        return ref;
    }

    private static HumanName name(GgopDocument doc, Element e) {
        String family = doc.text(e, "PersonSurnameName");
        String given = doc.text(e, "PersonGivenName");
        if (family == null && given == null) {
            return null;
        }
        HumanName name = new HumanName();
        if (family != null) {
            name.setFamily(family);
        }
        if (given != null) {
            name.addGiven(given);
        }
        return name;
    }

    private static java.util.Optional<Address> address(GgopDocument doc, Element e) {
        String street = doc.text(e, "StreetName");
        String suburb = doc.text(e, "SuburbName");
        String district = doc.text(e, "DistrictName");
        String postCode = doc.text(e, "PostCodeIdentifier");
        if (street == null && suburb == null && district == null && postCode == null) {
            return java.util.Optional.empty();
        }
        Address address = new Address();
        if (street != null) {
            address.addLine(street);
        }
        if (suburb != null) {
            address.addLine(suburb);
        }
        address.setCity(district).setPostalCode(postCode).setCountry("DK");
        return java.util.Optional.of(address);
    }

    private static String addressText(GgopDocument doc, Element e) {
        return address(doc, e).map(a -> join(", ", join(", ", a.getLine().stream().map(StringType::getValue).toArray(String[]::new)),
                join(" ", a.getPostalCode(), a.getCity()))).orElse(null);
    }

    private static List<ContactPoint> phones(GgopDocument doc, Element e) {
        List<ContactPoint> phones = new ArrayList<>();
        for (Element phone : doc.children(e, "TelephoneSubscriber")) {
            String number = doc.text(phone, "TelephoneSubscriberIdentifier");
            String code = doc.text(phone, "TelephoneSubscriberCode");
            if (number != null) {
                ContactPoint point = new ContactPoint().setSystem(ContactPointSystem.PHONE).setValue(number);
                if (code != null && PHONE_USE.containsKey(code)) {
                    point.setUse(PHONE_USE.get(code));
                }
                phones.add(point);
            }
        }
        String direct = doc.text(e, "TelephoneSubscriberIdentifier");
        if (direct != null) {
            phones.add(new ContactPoint().setSystem(ContactPointSystem.PHONE).setValue(direct));
        }
        return phones;
    }

    /** A person (signer, co-writer, team member) as one line: name, title, identifier, phone, department. */
    private static String person(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        doc.markAll(e);
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        return join(", ", join(" ", doc.text(e, "PersonGivenName"), doc.text(e, "PersonSurnameName")), doc.text(e, "PersonTitle"),
                id == null ? null : (code == null ? "id " : code + " ") + id,
                phoneText(doc.text(e, "TelephoneSubscriberIdentifier")), doc.text(e, "DepartmentName"));
    }

    /** An organisation or place as one line: every part of it. */
    private static String describe(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        doc.markAll(e);
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        String ean = doc.text(e, "EANIdentifier");
        return join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"),
                addressText(doc, e), phoneText(doc.text(e, "TelephoneSubscriberIdentifier")),
                ean == null ? null : "EAN " + ean, id == null ? null : (code == null ? "id " : code + " ") + id);
    }

    private static String phoneText(String phone) {
        return phone == null ? null : "tlf. " + phone;
    }

    private static String codeText(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        return join(" ", doc.text(e, "Code"), doc.text(e, "Text") == null ? null : "(" + doc.text(e, "Text") + ")",
                doc.text(e, "TypeCode") == null ? null : "[" + doc.text(e, "TypeCode") + "]");
    }

    private static String dateTime(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        return join(" ", doc.text(e, "Date"), doc.text(e, "Time"));
    }

    /** GGOP formatted text (Bold, Italic, Underline, Break) as Markdown. */
    static String markdown(Element e) {
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(Texts.WHITESPACE.matcher(n.getNodeValue()).replaceAll(" "));
            } else if (n instanceof Element c) {
                String inner = markdown(c).trim();
                switch (c.getLocalName()) {
                    case "Break" -> text.append("\n");
                    case "Bold" -> text.append("**").append(inner).append("**");
                    case "Italic" -> text.append("*").append(inner).append("*");
                    case "Underline" -> text.append("<u>").append(inner).append("</u>");
                    default -> text.append(inner);
                }
            }
        }
        return Stream.of(text.toString().split("\n", -1)).map(String::strip).collect(Collectors.joining("\n")).strip();
    }

    private static void note(List<Annotation> notes, String heading, String text) {
        if (text != null && !text.isBlank()) {
            notes.add(new Annotation().setText("**" + heading + ":** " + text));
        }
    }

    private static String join(String separator, String... parts) {
        String joined = Stream.of(parts).filter(s -> s != null && !s.isBlank() && !s.endsWith(" null") && !s.equals("null"))
                .collect(Collectors.joining(separator));
        return joined.isEmpty() ? null : joined;
    }

    private static String ean(Organization org) {
        return org.getIdentifier().stream().filter(i -> Canonical.SYSTEM_GLN.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElse("unknown");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
