package dk.rehab.adapter.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * Completes what HAPI derives from the providers' annotations (interactions, search parameters, operations)
 * with what annotations cannot say: the profile each type conforms to, conditional create, versioning, and
 * the definitions and meaning of the adapter's own search parameters; and the server's own identity (name, title,
 * publisher, description, the build's version, the implementation guides it conforms to, a narrative of its own)
 * instead of HAPI's defaults.
 */
@Component
@Interceptor
public class CapabilityStatementCustomizer {
    private static final Map<String, String[]> PROFILES = Map.ofEntries(
            Map.entry("ServiceRequest", new String[] {Canonical.PROFILE_PLAN, Canonical.PROFILE_JOBCENTER_REFERRAL}),
            Map.entry("Patient", new String[] {Canonical.PROFILE_PATIENT, Canonical.DK_CORE_PATIENT}),
            Map.entry("Organization", new String[] {Canonical.PROFILE_ORGANIZATION, Canonical.DK_CORE_ORGANIZATION}),
            Map.entry("Condition", new String[] {Canonical.PROFILE_CONDITION, Canonical.DK_CORE_CONDITION}),
            Map.entry("EpisodeOfCare", new String[] {Canonical.PROFILE_COURSE}),
            Map.entry("Appointment", new String[] {Canonical.PROFILE_SESSION}),
            Map.entry("Practitioner", new String[] {Canonical.PROFILE_PRACTITIONER}),
            Map.entry("HealthcareService", new String[] {Canonical.PROFILE_TEAM}),
            Map.entry("PlanDefinition", new String[] {Canonical.PROFILE_PACKAGE}),
            Map.entry("Observation", new String[] {Canonical.PROFILE_FUNCTIONAL_STATUS}),
            Map.entry("DocumentReference", new String[] {Canonical.PROFILE_FINAL_STATUS}),
            Map.entry("Task", new String[] {Canonical.PROFILE_DELIVERY_TASK}),
            Map.entry("Communication", new String[] {Canonical.PROFILE_COMMUNICATION}),
            Map.entry("Encounter", new String[] {dk.rehab.adapter.notification.Notifications.PROFILE_STAY}),
            Map.entry("Group", new String[] {Canonical.PROFILE_GROUP}),

            Map.entry("AuditEvent", new String[] {Canonical.PROFILE_AUDIT_EVENT}));

    /** The audit trail's search parameters, with what they match here (agent is a token, not R4's reference). */
    private static final Map<String, String> AUDIT_PARAMETERS = Map.of(
            "patient", "The Patient the event concerns (Patient/[id] or [id])",
            "agent", "Token: the client's organisation id (SOR id, GLN or ydernummer from the token; a delivery's recipient) or its client id (the token's subject); "
                    + "system " + Canonical.BASE + "/sid/client-organisation or " + Canonical.BASE + "/sid/client-id picks one",
            "date", "When the event was recorded (ge, gt, le, lt, eq, ne at the precision given); results are newest first, _sort=date for oldest first",
            "entity", "A resource the event concerns ([type]/[id])",
            "outcome", "0 success, 4 refused or invalid request (4xx), 8 server failure (5xx)",
            "subtype", "The FHIR interaction (http://hl7.org/fhir/restful-interaction: read, vread, search-type, create, update, operation, …)",
            "type", "rest, 110110 (a GGOP received) or 110106 (a delivery sent out)");

    /** The acknowledgements' search parameters (Bundle). */
    private static final Map<String, String> ACK_PARAMETERS = Map.of(
            "message", "The message the acknowledgement answers: its MessageHeader.id or Bundle.id (MessageHeader/[id] or Bundle/[id] also), "
                    + "for a GGOP its message key",
            "sender", "The identifier value (SOR id or GLN/EAN) of the organisation that sent the message");

    /** Types the adapter writes itself: read-only over REST (no create, no update, no history). */
    private static final java.util.Set<String> ADAPTER_WRITTEN = java.util.Set.of("DocumentReference", "Task", "Encounter");

    private static final String RECIPIENT = "The identifier value (ydernummer, GLN or SOR id) of the GP or hospital a final status is delivered to";

    /** Parameters documented here without a SearchParameter resource of their own. */
    private static final java.util.Set<String> UNDEFINED = java.util.Set.of("contacted", "recipient", "course-started", "performer", "about");

    /** What the adapter's own operations do, by type and name (HAPI declares them from the providers). */
    private static final Map<String, String> OPERATIONS = Map.of(
            "Patient/export", "GET Patient/$export with Prefer: respond-async: FHIR Bulk Data export (2.0.0) of every citizen's compartment "
                    + "as NDJSON (_outputFormat, _type, _since; in a POST Parameters body also patient: only these citizens); 202 with the "
                    + "status URL in Content-Location. Municipality with system/*.rs only.",
            "Group/export", "GET Group/{id}/$export with Prefer: respond-async: FHIR Bulk Data export (2.0.0) of the compartments of the "
                    + "cohort's members as the Group holds them at kick-off (their Patients and the Patient-level types), as NDJSON "
                    + "(_outputFormat, _type, _since; in a POST Parameters body also patient: only these members); 202 with the status URL "
                    + "in Content-Location; an unknown Group is 404. Municipality "
                    + "with system/*.rs only.",
            "ServiceRequest/transfer", "POST ServiceRequest/{id}/$transfer: the plan goes to a contracted private provider (parameter provider, "
                    + "an Identifier: SOR or CVR) or another municipality (municipality: SOR or municipality code), reason free-choice or "
                    + "citizen-moved; closes the open course, sets the plan's performer, forwards the plan as a message through the delivery "
                    + "outbox and answers its Task. Municipality only.");

    /** The adapter's own search parameters on the course and session types, with their meaning. */
    private static final Map<String, Map<String, String>> OWN_PARAMETERS_BY_TYPE = Map.of(
            "EpisodeOfCare", Map.of(
                    "legal-basis", "The course's legal basis (" + Canonical.CS_LEGAL_BASIS + ")",
                    "package", "The package (PlanDefinition canonical url) the course was allocated",
                    "reassessment", "true: the course is marked for re-assessment (a no-show, or repeated cancellations)",
                    "package-used-up", "true: the sessions booked, attended and missed reach the package plus the extra sessions granted",
                    "resume-after-admission", "The work list resume after admission: the new contact deadline after a hospital discharge, while no session is booked after it"),
            "Appointment", Map.of(
                    "course", "The course (EpisodeOfCare) the session belongs to (extension course)",
                    "team", "The team (HealthcareService) of a group session"),
            "Observation", Map.of(
                    "course", "The course (EpisodeOfCare) the assessment belongs to (extension course)",
                    "phase", "The assessment phase: start, follow-up or end (extension assessment-phase)"),
            "DocumentReference", Map.of(
                    "course", "The course (EpisodeOfCare) the final status answers (context.related)",
                    "recipient", RECIPIENT),
            "Task", Map.of("recipient", RECIPIENT),
            "Communication", Map.of("about", "The session (Appointment) a reminder or contact letter is about"),
            "PlanDefinition", Map.of(
                    "diagnosis-group", "The package's diagnosis group (useContext focus, " + Canonical.CS_DIAGNOSIS_GROUPS + "); a group also finds its sub-groups",
                    "modality", "check-ins, individual, group or combination (extension package-modality)"),
            "ServiceRequest", Map.of(
                    "contacted", "true: the citizen has been contacted about the plan: a course (EpisodeOfCare) exists for it, or a "
                            + "contact (Communication, category contact) or contact letter is recorded",
                    "course-started", "true: a course for the plan has started (active, on hold or finished); with free-choice-date=lt{today}, "
                            + "status=active and false: the work list 'offer free choice'",
                    "performer", "The Organization responsible for the plan: this municipality, or after $transfer the private provider "
                            + "or the other municipality; also performer.identifier=[system]|[value] (SOR, CVR, municipality code)"));

    private static final Map<String, String> OWN_PARAMETERS = Map.of(
            "contact-deadline", "The date by which the citizen must be contacted (discharge + adapter.deadlines.contact)",
            "start-deadline", "The municipal start deadline (receipt + adapter.deadlines.start, or the later start the plan requires)",
            "free-choice-date", "From this date the citizen may choose a private provider (Sundhedsloven § 140 stk. 4)",
            "municipal-responsibility", "false for a specialised plan, which the region delivers");

    static final String NAME = "RehabFhirAdapter";
    static final String TITLE = "Rehab FHIR Adapter";
    static final String DESCRIPTION = "FHIR R4 interoperability adapter for Danish municipal rehabilitation (genoptræning): "
            + "training plans from hospitals (FHIR, FHIR messages, MedCom GGOP) become ServiceRequests; courses are "
            + "EpisodeOfCares, sessions Appointments, functional status FSIII Observations; the final status is a "
            + "DocumentReference delivered to the citizen's GP and the referring hospital.";
    /** The implementation guides whose profiles the served resources also conform to (tests hold each). */
    static final String[] IMPLEMENTATION_GUIDES = {
            "http://hl7.dk/fhir/core/ImplementationGuide/hl7.fhir.dk.core",
            "http://medcomfhir.dk/ig/acknowledgement/ImplementationGuide/medcom.fhir.dk.acknowledgement"};

    private final String version;

    public CapabilityStatementCustomizer(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String fromJar = CapabilityStatementCustomizer.class.getPackage().getImplementationVersion();
        this.version = properties != null ? properties.getVersion() : fromJar != null ? fromJar : "unknown";
    }

    /** What the adapter's own system-level operations do, by name. */
    private static final Map<String, String> SYSTEM_OPERATIONS = Map.of(
            "export", "GET $export with Prefer: respond-async: FHIR Bulk Data export (2.0.0) of everything the adapter stores as NDJSON "
                    + "(_outputFormat, _type, _since); 202 with the status URL in Content-Location, which answers 202 with X-Progress, then the "
                    + "manifest; DELETE cancels. Municipality with system/*.rs only.");

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customize(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        identify(capabilities);
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            rest.getOperation().forEach(op -> {
                String doc = SYSTEM_OPERATIONS.get(op.getName().replaceFirst("^\\$", ""));
                if (doc != null) {
                    op.setDocumentation(doc);
                }
            });
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                String[] profiles = PROFILES.get(resource.getType());
                if (profiles == null) {
                    continue;
                }
                resource.setProfile(profiles[0]);
                for (String profile : profiles) {
                    resource.addSupportedProfile(profile);
                }
                resource.getOperation().forEach(op -> {
                    String doc = OPERATIONS.get(resource.getType() + "/" + op.getName().replaceFirst("^\\$", ""));
                    if (doc != null) {
                        op.setDocumentation(doc);
                    }
                });
                Map<String, String> own = OWN_PARAMETERS_BY_TYPE.getOrDefault(resource.getType(), Map.of());
                resource.getSearchParam().forEach(param -> {
                    if (own.containsKey(param.getName())) {
                        if (!UNDEFINED.contains(param.getName())) {
                            param.setDefinition(Canonical.SP + param.getName());
                        }
                        param.setDocumentation(own.get(param.getName()));
                    }
                });
                if ("PlanDefinition".equals(resource.getType())) {
                    continue;
                }
                if ("Bundle".equals(resource.getType())) {
                    // the acknowledgements the adapter answered to hospital messages: read and search only
                    resource.setConditionalCreate(false);
                    resource.setUpdateCreate(false);
                    resource.setVersioning(ResourceVersionPolicy.NOVERSION);
                    resource.setReadHistory(false);
                    resource.setDocumentation("The acknowledgements (MedCom acknowledgement messages) the adapter answered to hospital messages "
                            + "($process-message, GGOP, hospital notifications): the municipality reads all, a hospital those of the messages it sent");
                    resource.getSearchParam().forEach(param -> {
                        if (ACK_PARAMETERS.containsKey(param.getName())) {
                            param.setDocumentation(ACK_PARAMETERS.get(param.getName()));
                        }
                    });
                    continue;
                }
                if ("AuditEvent".equals(resource.getType())) {
                    // append-only: read and search-type only, one version per event
                    resource.setConditionalCreate(false);
                    resource.setUpdateCreate(false);
                    resource.setVersioning(ResourceVersionPolicy.NOVERSION);
                    resource.setReadHistory(false);
                    resource.setDocumentation("The audit trail: one AuditEvent per access to a citizen's data and per refused attempt; "
                            + "read and search for the auditor only; never changed or deleted");
                    resource.getSearchParam().forEach(param -> {
                        if (AUDIT_PARAMETERS.containsKey(param.getName())) {
                            param.setDocumentation(AUDIT_PARAMETERS.get(param.getName()));
                        }
                    });
                    continue;
                }
                if (ADAPTER_WRITTEN.contains(resource.getType())) {
                    resource.setConditionalCreate(false);
                    resource.setUpdateCreate(false);
                    resource.setVersioning(ResourceVersionPolicy.VERSIONED);
                    resource.setReadHistory(true);
                    continue;
                }
                resource.setConditionalCreate(true);
                resource.setUpdateCreate(false);
                resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE);
                resource.setReadHistory(true);
                resource.getSearchParam().forEach(param -> {
                    String documentation = OWN_PARAMETERS.get(param.getName());
                    if (documentation != null && "ServiceRequest".equals(resource.getType())) {
                        param.setDefinition(Canonical.SP + param.getName());
                        param.setDocumentation(documentation);
                    }
                });
            }
        }
    }

    private void identify(CapabilityStatement capabilities) {
        capabilities.setName(NAME);
        capabilities.setTitle(TITLE);
        capabilities.setPublisher(TITLE);
        capabilities.setDescription(DESCRIPTION);
        capabilities.setVersion(version);
        capabilities.getSoftware().setName(TITLE).setVersion(version);
        capabilities.getImplementation().setDescription(TITLE + ": municipal rehabilitation (genoptræning)");
        capabilities.getImplementationGuide().clear();
        for (String guide : IMPLEMENTATION_GUIDES) {
            capabilities.addImplementationGuide(guide);
        }
        XhtmlNode div = new XhtmlNode(org.hl7.fhir.utilities.xhtml.NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        div.addTag("h2").addText(TITLE + " " + version);
        div.addTag("p").addText(DESCRIPTION);
        capabilities.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div);
    }
}
