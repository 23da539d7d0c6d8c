package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.FhirContext;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import dk.rehab.adapter.support.Courses;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every resource the running server returns validates against the published profiles with the full validator —
 * offline with the project's own profiles, and with the Danish packages of {@code ../shared/fhir/packages} loaded,
 * so the DK Core profiles the resources claim are checked too. The requests cover every element the adapter writes.
 */
@org.springframework.test.context.TestPropertySource(properties = {
        // issue 13 item 4: a contracted provider for $transfer (nobody listens there: the Task stays due, which is all this test needs)
        "adapter.free-choice.providers[0].name=Fysioterapi Privat ApS",
        "adapter.free-choice.providers[0].sor=132982256209",
        "adapter.free-choice.providers[0].cvr=31415926",
        "adapter.free-choice.providers[0].url=http://127.0.0.1:9/fhir"})
abstract class ServerOutputConformanceTests extends IntegrationTest {
    @Autowired
    ValidatorHolder validator;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    dk.rehab.adapter.reminder.ReminderPlanner reminders;

    @Autowired
    dk.rehab.adapter.audit.Audits audits;

    private final List<Resource> returned = new ArrayList<>();
    private final List<Bundle> acknowledgements = new ArrayList<>();

    private void collect(Http.Response response) {
        assertThat(response.status()).as(response.text()).isLessThan(300);
        Resource resource = response.any();
        if (resource instanceof Bundle bundle) {
            bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(e -> returned.add(e.getResource()));
        } else {
            returned.add(resource);
        }
    }

    @Test
    void everyReturnedResourceConformsToItsProfiles() throws Exception {
        exercise();
        exportEverything();

        assertThat(returned).hasSizeGreaterThan(20);
        assertThat(returned).extracting(Resource::fhirType).contains("ServiceRequest", "Patient", "Organization", "Condition",
                "EpisodeOfCare", "Appointment", "Practitioner", "HealthcareService", "PlanDefinition", "Observation", "DocumentReference",
                "Task", "Communication", "Encounter", "AuditEvent", "MeasureReport", "Group");
        assertConforms(validator.get(), "the project's own profiles");
        Path packages = dk.rehab.adapter.support.Shared.packages();
        ProfileValidator withPackages = ValidationStartup.start(packages.toString()).get();
        assertConforms(withPackages, "the Danish packages loaded as well");

        // Issue 3: every acknowledgement (ok and fatal-error, FHIR message and GGOP) validates against MedCom's
        // acknowledgement profile, read from ../shared/fhir/packages (medcom.fhir.dk.acknowledgement and its dependencies).
        // A GGOP's answer cannot claim MedCom's profile (a GGOP sender has no SOR id); it must still be valid FHIR.
        assertThat(acknowledgements).hasSizeGreaterThanOrEqualTo(4);
        assertThat(acknowledgements.stream().filter(a -> a.getMeta().hasProfile())).hasSize(6);
        for (Bundle ack : acknowledgements) {
            if (ack.getMeta().hasProfile()) {
                assertThat(ack.getMeta().getProfile()).extracting(p -> p.getValue())
                        .containsExactly("http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement");
            }
            var result = withPackages.validate(ack);
            assertThat(result.getMessages()).as("MedCom's acknowledgement profile was checked")
                    .noneMatch(m -> m.getMessage().contains("could not be found") || m.getMessage().contains("Unknown profile"));
            List<SingleValidationMessage> errors = ProfileValidator.errorsOf(result);
            assertThat(errors).as("acknowledgement %s: %s", ack.getIdPart(), TestFiles.describe(errors)).isEmpty();
        }
    }

    /**
     * Issue 13.1: MedCom's example admission and discharge (adapted ids, CPR, dates) for a citizen with an active course:
     * the stay (Encounter), the course on hold and resumed (hospital-stay), the sessions cancelled for the admission, the
     * functional status sent to the hospital (DocumentReference) and its Task, and the two acknowledgements.
     */
    private void exerciseNotifications() {
        String cpr = Plans.newCpr();
        Http.Response planned = http.json("", Plans.transaction(cpr, Plans.hospital(null, Plans.gln("579000135414")), LocalDate.now().minusDays(1)));
        assertThat(planned.status()).as(planned.text()).isEqualTo(200);
        Bundle answer = planned.resource(Bundle.class);
        String patient = answer.getEntry().get(0).getResponse().getLocation().replaceAll("/_history.*", "");
        String plan = answer.getEntry().get(3).getResponse().getLocation().replaceAll("/_history.*", "");
        String therapist = "Practitioner/" + http.json("Practitioner", Courses.therapist("Holm")).resource(Practitioner.class).getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, plan, "sul-140", "geriatri", null);
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        String courseRef = "EpisodeOfCare/" + http.json("EpisodeOfCare", course).resource(EpisodeOfCare.class).getIdElement().getIdPart();
        java.time.OffsetDateTime tomorrow = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0);
        assertThat(http.json("Appointment", Courses.session(courseRef, patient, "individual", tomorrow, 45, null, therapist)).status()).isEqualTo(201);
        assertThat(http.json("Observation", dk.rehab.adapter.support.FunctionalStatus.observation(patient.substring(8), courseRef.substring(14),
                therapist.substring(13), dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD, 2, "start",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(1))).status()).isEqualTo(201);
        FhirContext r4 = FhirContext.forR4Cached();
        java.time.Instant admitted = java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Bundle admit = dk.rehab.adapter.notification.MedcomNotifications.adapt(dk.rehab.adapter.notification.MedcomNotifications.load(r4,
                dk.rehab.adapter.notification.MedcomNotifications.ADMIT), cpr, admitted, null);
        Bundle ack = http.json("$process-message", admit).resource(Bundle.class);
        acknowledgements.add(ack);
        assertThat(dk.rehab.adapter.support.Messages.ackHeader(ack).getResponse().getCode().toCode()).isEqualTo("ok");
        collect(http.get(courseRef));
        collect(http.get("Encounter?episode-of-care=" + courseRef));
        collect(http.get("Appointment?course=" + courseRef));
        Bundle tasks = http.get("Task?patient=" + patient).resource(Bundle.class);
        assertThat(tasks.getEntry()).hasSize(1);
        returned.add(tasks.getEntryFirstRep().getResource());
        collect(http.get(((org.hl7.fhir.r4.model.Task) tasks.getEntryFirstRep().getResource()).getFocus().getReference()));
        Bundle discharge = dk.rehab.adapter.notification.MedcomNotifications.adapt(dk.rehab.adapter.notification.MedcomNotifications.load(r4,
                dk.rehab.adapter.notification.MedcomNotifications.DISCHARGE), cpr, admitted, admit.getEntryFirstRep().getResource().getIdElement().getIdPart());
        acknowledgements.add(http.json("$process-message", discharge).resource(Bundle.class));
        collect(http.get("EpisodeOfCare?resume-after-admission=le" + LocalDate.now().plusDays(30)));
        collect(http.get("Encounter?patient=" + patient));
    }

    /** Plan messages and GGOP plans: their acknowledgements, and the resources the plans were stored as. */
    private void exerciseMessages() throws java.io.IOException {
        Bundle message = dk.rehab.adapter.support.Messages.newPlan(Plans.newCpr(), LocalDate.now().minusDays(1));
        Bundle ok = http.json("$process-message", message).resource(Bundle.class);
        acknowledgements.add(ok);
        // the acknowledgement read back as a resource (GET /fhir/Bundle/{id}) is the one answered
        Bundle readBack = http.get("Bundle/" + ok.getIdPart()).resource(Bundle.class);
        assertThat(readBack.getIdPart()).isEqualTo(ok.getIdPart());
        acknowledgements.add(readBack);
        collectPlan(dk.rehab.adapter.support.Messages.acceptedPlanId(ok));
        Bundle bad = dk.rehab.adapter.support.Messages.newPlan("3213991234", LocalDate.now().minusDays(1));
        acknowledgements.add(http.json("$process-message", bad).resource(Bundle.class));

        java.util.Optional<Path> sample = dk.rehab.adapter.support.Shared.optional(dk.rehab.adapter.support.Shared::ggopSample);
        if (sample.isPresent()) { // without ../shared: the test-made GGOP plans below, and the package checks are skipped
            Bundle ggop = ggop(java.nio.file.Files.readAllBytes(sample.get()));
            acknowledgements.add(ggop);
            collectPlan(dk.rehab.adapter.support.Messages.acceptedPlanId(ggop));
        }
        Bundle variant = ggop(new dk.rehab.adapter.support.GgopPlans(Plans.newCpr()).set(p -> {
            p.gp = "deselected";
            p.resultReceivers = 2;
        }).bytes());
        collectPlan(dk.rehab.adapter.support.Messages.acceptedPlanId(variant));
        acknowledgements.add(ggop(new dk.rehab.adapter.support.GgopPlans(Plans.newCpr()).set(p -> p.planType = "ukendt").bytes()));
    }

    private Bundle ggop(byte[] body) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/medcom/ggop")).header("Authorization", "Bearer " + dk.rehab.adapter.support.TestTokens.municipality()).header("Content-Type", "application/xml")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return fhir.newJsonParser().parseResource(Bundle.class, response.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void collectPlan(String planId) {
        Http.Response plan = http.get("ServiceRequest/" + planId);
        collect(plan);
        ServiceRequest request = plan.resource(ServiceRequest.class);
        collect(http.get(request.getSubject().getReference()));
        collect(http.get(request.getRequester().getReference()));
        request.getPerformer().forEach(p -> collect(http.get(p.getReference())));
        request.getReasonReference().forEach(r -> collect(http.get(r.getReference())));
    }

    /** The bulk export ($export) of everything stored so far: every NDJSON line is returned too. */
    private void exportEverything() throws Exception {
        java.util.Set<String> types = new java.util.HashSet<>();
        exported("$export").forEach(resource -> types.add(resource.fhirType()));
        assertThat(types).as("exported").contains("Patient", "ServiceRequest", "EpisodeOfCare", "Appointment", "Observation",
                "DocumentReference", "Task", "Encounter", "Communication");
    }

    private void assertConforms(ProfileValidator profileValidator, String setting) {
        for (IBaseResource resource : returned) {
            List<SingleValidationMessage> errors = profileValidator.errors(resource);
            assertThat(errors).as("%s %s with %s: %s", resource.fhirType(), resource.getIdElement().getIdPart(), setting,
                    TestFiles.describe(errors)).isEmpty();
        }
    }

    private void exercise() throws Exception {
        exerciseMessages();
        exerciseNotifications();
        Http.Response example = http.post("", "application/fhir+json", TestFiles.read(Examples.dir().resolve("Bundle-plan-transaction.json")),
                "Prefer", "return=representation");
        collect(example);

        String cpr = Plans.newCpr();
        String sor = String.valueOf(100000000000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 800000000000L));
        Bundle tx = Plans.transaction(cpr, Plans.hospital(sor, null), LocalDate.now().minusDays(1));
        Http.Response first = http.json("", tx, "Prefer", "return=representation");
        collect(first);
        Bundle answer = first.resource(Bundle.class);
        String patient = answer.getEntry().get(0).getResponse().getLocation().split("/_history")[0];
        String hospital = answer.getEntry().get(1).getResponse().getLocation().split("/_history")[0];
        String firstPlan = answer.getEntry().get(3).getResponse().getLocation().split("/_history")[0];

        Organization municipality = new Organization().setName("Ishøj Kommune");
        municipality.addIdentifier().setSystem(Canonical.SYSTEM_GLN).setValue(Plans.gln("579000012345"));
        municipality.addIdentifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue("0183");
        Http.Response municipalityCreated = http.json("Organization", municipality);
        collect(municipalityCreated);
        String municipalityRef = "Organization/" + municipalityCreated.resource(Organization.class).getIdElement().getIdPart();
        Organization gp = Plans.hospital(null, Plans.gln("579000201227"));
        gp.setName("Lægehuset");
        gp.addIdentifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue("024015");
        Http.Response gpCreated = http.json("Organization", gp);
        collect(gpCreated);
        String gpRef = "Organization/" + gpCreated.resource(Organization.class).getIdElement().getIdPart();

        ServiceRequest full = Plans.plan(patient, hospital, LocalDate.now().minusDays(2));
        full.getCategory().add(Plans.planType(Canonical.PLAN_LEVEL_AVANCERET));
        full.addPerformer(new Reference(municipalityRef));
        full.addReplaces(new Reference(firstPlan));
        full.setStatus(ServiceRequest.ServiceRequestStatus.ONHOLD);
        full.addExtension(new Extension(Canonical.EXT_STATUS_REASON,
                new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.STATUS_REASON_UDSKUDT, "Udskudt"))));
        full.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, new Reference(hospital)));
        Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
        gpCopy.addExtension("wanted", new BooleanType(true));
        gpCopy.addExtension("receiver", new Reference(gpRef));
        full.addExtension(gpCopy);
        Plans.consent(full, true);
        Plans.startRequirement(full, "Tidligst når gipsen er fjernet", LocalDate.now().plusDays(20));
        full.addNote().setText("Borgeren bor alene.");
        Http.Response created = http.json("ServiceRequest", full);
        collect(created);
        ServiceRequest stored = created.resource(ServiceRequest.class);
        ServiceRequest offered = stored.copy();
        offered.setOccurrence(new Period().setStartElement(new DateTimeType(LocalDate.now().plusDays(3).toString())));
        collect(http.put("ServiceRequest/" + stored.getIdElement().getIdPart(), fhir.newJsonParser().encodeResourceToString(offered),
                "If-Match", "W/\"1\""));

        Bundle special = Plans.transaction(Plans.newCpr(), Plans.hospital(sor, Plans.gln("579000" + sor.substring(0, 6))), LocalDate.now());
        Plans.planOf(special).getCategory().clear();
        Plans.planOf(special).addCategory(Plans.planType(Canonical.PLAN_TYPE_SPECIALISERET));
        collect(http.json("", special, "Prefer", "return=representation"));

        collect(http.get("ServiceRequest?patient.identifier=" + cpr + "&_include=ServiceRequest:subject"
                + "&_include=ServiceRequest:requester&_include=ServiceRequest:reason-reference"));
        collect(http.get(stored.getIdElement().toUnqualifiedVersionless().getValue() + "/_history"));
        collect(http.get(hospital));
        collect(http.get("Condition?patient.identifier=" + cpr));
        exerciseCourses(patient, firstPlan, municipalityRef);
        exerciseGroups(patient, cpr, municipalityRef);
        // Issue 12: the annual report's MeasureReports (every table, over what the requests above stored)
        Http.Response report = http.get("$annual-report?year=" + LocalDate.now(java.time.ZoneId.of("Europe/Copenhagen")).getYear());
        collect(report);
        assertThat(report.resource(Bundle.class).getEntry()).hasSize(11);
        exerciseTransfer(patient, hospital);
        exerciseAuditTrail(patient); // last: the AuditEvents of everything above
    }

    /**
     * Issue 13 item 4: a plan with an active course transferred to a contracted provider — the Task, the plan on hold with
     * its new performer, the provider's Organization, the finished course with its end reason, the cancelled session, the
     * final status, and the message forwarded (not returned by the server, but sent by it).
     */
    private void exerciseTransfer(String patient, String hospital) {
        ServiceRequest plan = http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))).resource(ServiceRequest.class);
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        String therapist = "Practitioner/" + http.json("Practitioner", Courses.therapist("Berg")).resource(Practitioner.class).getIdElement().getIdPart();
        EpisodeOfCare course = http.json("EpisodeOfCare", Courses.course(patient, planRef, "sul-140", "knae-menisk", null)).resource(EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        java.time.OffsetDateTime start = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusHours(1);
        Appointment assessment = http.json("Appointment", Courses.session(courseRef, patient, "assessment", start, 60, null, therapist)).resource(Appointment.class);
        assessment.setStatus(Appointment.AppointmentStatus.FULFILLED);
        http.update("Appointment/" + assessment.getIdElement().getIdPart(), assessment);
        EpisodeOfCare active = http.get(courseRef).resource(EpisodeOfCare.class);
        active.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(http.update(courseRef, active).status()).isEqualTo(200);
        String booked = http.json("Appointment", Courses.session(courseRef, patient, "individual", start.plusDays(2), 45, null, therapist))
                .resource(Appointment.class).getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Parameters parameters = new org.hl7.fhir.r4.model.Parameters();
        parameters.addParameter().setName("provider").setValue(new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_SOR).setValue("132982256209"));
        parameters.addParameter().setName("reason").setValue(new org.hl7.fhir.r4.model.CodeType("free-choice"));
        collect(http.json(planRef + "/$transfer", parameters));
        Http.Response transferred = http.get(planRef);
        collect(transferred);
        collect(http.get(transferred.resource(ServiceRequest.class).getPerformerFirstRep().getReference()));
        collect(http.get(courseRef));
        collect(http.get("Appointment/" + booked));
        collect(http.get("DocumentReference?course=" + courseRef));
        collect(http.get("Task?focus=" + planRef));
        String message = jdbc.queryForObject("select message from transfer where plan_id = ?", String.class, plan.getIdElement().getIdPart());
        returned.add(fhir.newJsonParser().parseResource(Bundle.class, message));
        exerciseReceivedTransfer(fhir.newJsonParser().parseResource(Bundle.class, message));
    }

    /**
     * A plan handed over by another municipality: the message this adapter sent, turned round (sender another municipality,
     * receiver this one, fresh ids) and received at $process-message: the plan with transferred-from, and the acknowledgement.
     */
    private void exerciseReceivedTransfer(Bundle sent) {
        String id = UUID.randomUUID().toString();
        sent.setId(id);
        sent.getIdentifier().setValue(id);
        MessageHeader header = (MessageHeader) sent.getEntryFirstRep().getResource();
        header.setId(id);
        Organization sender = (Organization) sent.getEntry().stream()
                .filter(e -> e.getFullUrl().equals(header.getSender().getReference())).findFirst().orElseThrow().getResource();
        Organization receiver = (Organization) sent.getEntry().stream()
                .filter(e -> e.getFullUrl().equals(header.getDestinationFirstRep().getReceiver().getReference())).findFirst().orElseThrow().getResource();
        receiver.setIdentifier(new ArrayList<>(sender.getIdentifier()));
        String senderSor = Plans.uniqueSor();
        sender.setIdentifier(new ArrayList<>(List.of(new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_SOR).setValue(senderSor),
                new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_GLN).setValue(Plans.gln("579000654321")),
                new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue("0101"))));
        sender.setName("Københavns Kommune");
        sent.getEntry().stream().filter(e -> e.getResource() instanceof ServiceRequest).map(e -> (ServiceRequest) e.getResource())
                .forEach(p -> p.getIdentifierFirstRep().setValue("urn:uuid:" + UUID.randomUUID()));
        // sent by the other municipality's adapter in its own name: its AuditEvents name the kind other-municipality
        Http otherMunicipality = http.withToken(dk.rehab.adapter.support.TestTokens.of(dk.rehab.adapter.security.ClientKind.OTHER_MUNICIPALITY, senderSor));
        Bundle ack = otherMunicipality.json("$process-message", sent).resource(Bundle.class);
        otherMunicipality.get("Patient").assertError(403, "forbidden");
        assertThat(dk.rehab.adapter.support.Messages.ackHeader(ack).getResponse().getCode()).as(fhir.newJsonParser().encodeResourceToString(ack))
                .isEqualTo(MessageHeader.ResponseType.OK);
        acknowledgements.add(ack);
        String planId = dk.rehab.adapter.support.Messages.acceptedPlanId(ack);
        collectPlan(planId);
        ServiceRequest received = http.get("ServiceRequest/" + planId).resource(ServiceRequest.class);
        collect(http.get(((Reference) received.getExtensionByUrl(Canonical.EXT_TRANSFERRED_FROM).getValue()).getReference()));
    }

    /** The audit trail (issue 11): the AuditEvents of everything above, and of refusals (401, 403, 404). */
    private void exerciseAuditTrail(String patient) {
        http.withoutToken().get(patient).assertError(401, "unauthenticated");
        Http hospital = http.withToken(dk.rehab.adapter.support.TestTokens.of(dk.rehab.adapter.security.ClientKind.HOSPITAL, Plans.uniqueSor()));
        hospital.get(patient).assertError(404, "not-found");
        hospital.get("AuditEvent").assertError(403, "forbidden");
        audits.flush();
        Http auditor = http.withToken(dk.rehab.adapter.support.TestTokens.of(dk.rehab.adapter.security.ClientKind.AUDITOR, null));
        collect(auditor.get("AuditEvent?patient=" + patient + "&_count=50"));
        collect(auditor.get("AuditEvent?outcome=4&_count=20"));
        collect(auditor.get("AuditEvent?type=110110&_count=5"));
    }

    /** A cohort (Group): created (a member by CPR), updated, read, searched, and exported at group level. */
    private void exerciseGroups(String patient, String cpr, String municipality) throws Exception {
        String other = http.json("Patient", Plans.patient(Plans.newCpr())).resource(org.hl7.fhir.r4.model.Patient.class).getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Group cohort = dk.rehab.adapter.support.Cohorts.cohort("Datavarehus", List.of("Patient/" + other));
        cohort.addMember().setEntity(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_CPR).setValue(cpr)));
        cohort.setManagingEntity(new Reference(municipality));
        Http.Response created = http.json("Group", cohort);
        collect(created);
        org.hl7.fhir.r4.model.Group stored = created.resource(org.hl7.fhir.r4.model.Group.class);
        String ref = "Group/" + stored.getIdElement().getIdPart();
        stored.getMember().remove(0);
        collect(http.update(ref, stored));
        collect(http.get(ref));
        collect(http.get(ref + "/_history/1"));
        collect(http.get("Group?_id=" + stored.getIdElement().getIdPart()));
        java.util.Set<String> patients = new java.util.HashSet<>();
        exported(ref + "/$export").forEach(resource -> patients.add(dk.rehab.adapter.audit.Audits.patientOf(resource)));
        assertThat(patients).as("the group's one member").containsExactly(patient);
    }

    /**
     * Kicks off the bulk export at {@code path}, polls its status URL until it completes, downloads every file and
     * returns its lines as resources (each also kept among the returned resources, to be validated).
     */
    private List<Resource> exported(String path) throws Exception {
        Http.Response kickoff = http.getWith(path, "Prefer", "respond-async");
        assertThat(kickoff.status()).as(kickoff.text()).isEqualTo(202);
        Http root = http.at("http://localhost:" + port);
        String status = java.net.URI.create(kickoff.header("Content-Location")).getPath();
        Http.Response answer = root.get(status);
        for (int i = 0; i < 400 && answer.status() == 202; i++) {
            Thread.sleep(50);
            answer = root.get(status);
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<Resource> lines = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode output : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).get("output")) {
            Http.Response file = root.get(java.net.URI.create(output.get("url").asText()).getPath());
            assertThat(file.status()).as(file.text()).isEqualTo(200);
            for (String line : file.text().split("\n")) {
                Resource resource = (Resource) fhir.newJsonParser().parseResource(line);
                returned.add(resource);
                lines.add(resource);
            }
        }
        return lines;
    }

    /** A course lived through its sessions: every course, session, therapist, team and package output. */
    private void exerciseCourses(String patient, String plan, String municipality) {
        Http.Response therapist = http.json("Practitioner", Courses.therapist("Hansen"));
        collect(therapist);
        String t1 = "Practitioner/" + therapist.resource(Practitioner.class).getIdElement().getIdPart();
        String t2 = "Practitioner/" + http.json("Practitioner", Courses.therapist("Olsen")).resource(Practitioner.class).getIdElement().getIdPart();
        Http.Response team = http.json("HealthcareService", Courses.team("Styrkehold", 8));
        collect(team);
        String teamRef = "HealthcareService/" + team.resource(HealthcareService.class).getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, plan, "sul-140", "geriatri", "geriatri-kombination");
        course.setCareManager(new Reference(t1));
        course.setManagingOrganization(new Reference(municipality));
        course.getType().add(Plans.planType(Canonical.PLAN_LEVEL_AVANCERET));
        Http.Response created = http.json("EpisodeOfCare", course);
        collect(created);
        EpisodeOfCare stored = created.resource(EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + stored.getIdElement().getIdPart();
        java.time.OffsetDateTime start = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusHours(1);
        Http.Response assessment = http.json("Appointment", Courses.session(courseRef, patient, "assessment", start, 60, null, t1));
        collect(assessment);
        exerciseContact(patient, plan);
        Appointment group = http.json("Appointment", Courses.session(courseRef, patient, "group", start.plusDays(2), 45, teamRef, t1, t2))
                .resource(Appointment.class);
        group.setStatus(Appointment.AppointmentStatus.NOSHOW);
        collect(http.update("Appointment/" + group.getIdElement().getIdPart(), group));
        Appointment individual = http.json("Appointment", Courses.session(courseRef, patient, "individual", start.plusDays(3), 45, null, t2))
                .resource(Appointment.class);
        Courses.cancel(individual, "citizen-ill");
        collect(http.update("Appointment/" + individual.getIdElement().getIdPart(), individual));
        EpisodeOfCare current = http.get(courseRef).resource(EpisodeOfCare.class);
        current.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Courses.grant(current, 2, t1, "Behov for flere træninger");
        collect(http.update(courseRef, current));
        String patientId = patient.substring(patient.indexOf('/') + 1);
        String courseId = stored.getIdElement().getIdPart();
        String therapistId = t1.substring(t1.indexOf('/') + 1);
        java.time.OffsetDateTime assessed = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(1);
        collect(http.json("Observation", dk.rehab.adapter.support.FunctionalStatus.citizensRating(dk.rehab.adapter.support.FunctionalStatus.expected(
                dk.rehab.adapter.support.FunctionalStatus.observation(patientId, courseId, therapistId,
                        dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD, 3, "start", assessed.minusDays(1)), 1))));
        collect(http.json("Observation", dk.rehab.adapter.support.FunctionalStatus.observation(patientId, courseId, therapistId,
                dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD, 1, "end", assessed)));
        current = http.get(courseRef).resource(EpisodeOfCare.class);
        Courses.end(current, EpisodeOfCare.EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        collect(http.update(courseRef, current));
        collect(http.get("Observation?course=" + courseRef));
        collect(http.get("Observation/$lastn?patient=" + patient));
        Http.Response finalStatus = http.get("DocumentReference?course=" + courseRef);
        collect(finalStatus);
        org.hl7.fhir.r4.model.DocumentReference doc = (org.hl7.fhir.r4.model.DocumentReference) finalStatus.resource(Bundle.class).getEntryFirstRep().getResource();
        returned.add(fhir.newJsonParser().parseResource(Bundle.class,
                new String(doc.getContent().get(1).getAttachment().getData(), java.nio.charset.StandardCharsets.UTF_8)));
        collect(http.post("DocumentReference/" + doc.getIdElement().getIdPart() + "/$correct", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));
        collect(http.get("DocumentReference?patient=" + patient));
        // Issue 12: the KL Gateway report's delivery Task (focus = the report Bundle); the report itself claims KL's profiles
        // and is validated by KlReportValidationTest and KlGatewayReportTests.
        org.hl7.fhir.r4.model.Parameters klPeriod = new org.hl7.fhir.r4.model.Parameters();
        klPeriod.addParameter().setName("start").setValue(new org.hl7.fhir.r4.model.DateType("2000-01-01"));
        klPeriod.addParameter().setName("end").setValue(new org.hl7.fhir.r4.model.DateType("2100-12-31"));
        assertThat(http.json("$kl-gateway-report", klPeriod).status()).isEqualTo(200);
        Http.Response tasks = http.get("Task?patient=" + patient);
        assertThat(tasks.resource(Bundle.class).getEntry()).anySatisfy(e -> assertThat(((org.hl7.fhir.r4.model.Task) e.getResource())
                .getFocus().getReference()).startsWith("Bundle/"));
        collect(tasks);
        collect(http.get("EpisodeOfCare?patient=" + patient + "&_include=EpisodeOfCare:patient&_include=EpisodeOfCare:care-manager"
                + "&_include=EpisodeOfCare:incoming-referral"));
        collect(http.get("Appointment?course=" + courseRef + "&_include=Appointment:actor&_include=Appointment:course"));
        collect(http.get(courseRef + "/_history"));
        collect(http.get("PlanDefinition?_count=50"));
        exerciseFinish(patient, t1, municipality);
    }

    /** $finish: its answer's course, the session it cancelled (reason course-finished), the final status it produced. */
    private void exerciseFinish(String patient, String therapist, String municipality) {
        EpisodeOfCare course = Courses.course(patient, null, "sel-86-1", "hofte", null);
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        course.setCareManager(new Reference(therapist));
        course.setManagingOrganization(new Reference(municipality));
        String courseRef = "EpisodeOfCare/" + http.json("EpisodeOfCare", course).resource(EpisodeOfCare.class).getIdElement().getIdPart();
        java.time.OffsetDateTime start = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusDays(2);
        String session = "Appointment/" + http.json("Appointment", Courses.session(courseRef, patient, "individual", start, 45, null, therapist))
                .resource(Appointment.class).getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Parameters finish = new org.hl7.fhir.r4.model.Parameters();
        finish.addParameter().setName("endReason").setValue(new org.hl7.fhir.r4.model.Coding(Canonical.CS_CARE_SOCIAL,
                Canonical.END_REASON_NO_NEED_PROFESSIONAL, null));
        finish.addParameter().setName("functionalStatus").setResource(dk.rehab.adapter.support.FunctionalStatus.observation(
                patient.substring(patient.indexOf('/') + 1), courseRef.substring(courseRef.indexOf('/') + 1), therapist.substring(therapist.indexOf('/') + 1),
                dk.rehab.adapter.support.FunctionalStatus.MOBILITET, 1, "end", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1)));
        Http.Response answer = http.json(courseRef + "/$finish", finish);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        org.hl7.fhir.r4.model.Parameters parameters = answer.resource(org.hl7.fhir.r4.model.Parameters.class);
        returned.add(parameters);
        returned.add(parameters.getParameter("course").getResource());
        collect(http.get(session));
        collect(http.get(((Reference) parameters.getParameter("finalStatus").getValue()).getReference()));
        collect(http.get("Observation?course=" + courseRef));
        exerciseJobcenter(patient, therapist, municipality);
    }

    /** A Jobcenter referral (SEL § 86.1), its course finished: the referral, the functional-capacity assessment and its Task. */
    private void exerciseJobcenter(String patient, String therapist, String municipality) {
        org.hl7.fhir.r4.model.Organization jc = new org.hl7.fhir.r4.model.Organization();
        jc.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(Plans.uniqueSor());
        jc.setName("Jobcenter Ishøj");
        Http.Response jobcenter = http.json("Organization", jc);
        collect(jobcenter);
        String jobcenterRef = "Organization/" + jobcenter.resource(org.hl7.fhir.r4.model.Organization.class).getIdElement().getIdPart();
        ServiceRequest referral = new ServiceRequest();
        referral.addIdentifier().setSystem("urn:oid:1.2.208.176.43.183.7").setValue("JC-" + java.util.UUID.randomUUID());
        referral.addExtension(new org.hl7.fhir.r4.model.Extension(Canonical.EXT_COURSE_LEGAL_BASIS, new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(Canonical.CS_LEGAL_BASIS, "sel-86-1-jobcenter", null))));
        referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        referral.setSubject(new Reference(patient));
        referral.setRequester(new Reference(jobcenterRef));
        referral.addPerformer(new Reference(municipality));
        Http.Response created = http.json("ServiceRequest", referral);
        collect(created);
        String referralRef = "ServiceRequest/" + created.resource(ServiceRequest.class).getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, referralRef, "sel-86-1-jobcenter", "ryg-nakke", null);
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        course.setCareManager(new Reference(therapist));
        course.setManagingOrganization(new Reference(municipality));
        Http.Response courseCreated = http.json("EpisodeOfCare", course);
        collect(courseCreated);
        String courseRef = "EpisodeOfCare/" + courseCreated.resource(EpisodeOfCare.class).getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Parameters finish = new org.hl7.fhir.r4.model.Parameters();
        finish.addParameter().setName("endReason").setValue(new org.hl7.fhir.r4.model.Coding(Canonical.CS_CARE_SOCIAL,
                Canonical.END_REASON_NO_NEED_PROFESSIONAL, null));
        finish.addParameter().setName("functionalStatus").setResource(dk.rehab.adapter.support.FunctionalStatus.observation(
                patient.substring(patient.indexOf('/') + 1), courseRef.substring(courseRef.indexOf('/') + 1), therapist.substring(therapist.indexOf('/') + 1),
                dk.rehab.adapter.support.FunctionalStatus.MOBILITET, 2, "end", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1)));
        Http.Response answer = http.json(courseRef + "/$finish", finish);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        String document = ((Reference) answer.resource(org.hl7.fhir.r4.model.Parameters.class).getParameter("finalStatus").getValue()).getReference();
        Http.Response assessment = http.get(document);
        collect(assessment);
        assertThat(assessment.resource(org.hl7.fhir.r4.model.DocumentReference.class).getType().getCodingFirstRep().getCode())
                .isEqualTo(Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY);
        org.hl7.fhir.r4.model.DocumentReference doc = assessment.resource(org.hl7.fhir.r4.model.DocumentReference.class);
        returned.add(fhir.newJsonParser().parseResource(Bundle.class,
                new String(doc.getContent().get(1).getAttachment().getData(), java.nio.charset.StandardCharsets.UTF_8)));
        collect(http.get("Task?focus=" + document));
        collect(http.get(referralRef));
    }

    /** Issue 13: a recorded contact, the contact letter, a reminder (the planner run at the reminder time), their Tasks, the statistics. */
    private void exerciseContact(String patient, String plan) {
        org.hl7.fhir.r4.model.Communication contact = new org.hl7.fhir.r4.model.Communication();
        contact.setStatus(org.hl7.fhir.r4.model.Communication.CommunicationStatus.COMPLETED);
        contact.addMedium(new CodeableConcept(new Coding(Canonical.CS_CONTACT_MEDIA, "phone", null)));
        contact.setSubject(new Reference(patient));
        contact.addBasedOn(new Reference(plan));
        contact.setSent(new java.util.Date(System.currentTimeMillis() - 60_000));
        contact.addPayload().setContent(new org.hl7.fhir.r4.model.StringType("Ringet op."));
        collect(http.json("Communication", contact));
        collect(http.post(plan + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));
        reminders.runOnce(); // the assessment starts within the hour: its reminder is due (at the latest two hours before)
        collect(http.get("Communication?patient=" + patient));
        collect(http.get("Task?patient=" + patient));
        collect(http.get("Appointment/$statistics?start=" + LocalDate.now() + "&end=" + LocalDate.now().plusDays(7)));
        assertThat(returned.stream().filter(r -> r instanceof org.hl7.fhir.r4.model.Communication c
                && "reminder".equals(c.getCategoryFirstRep().getCodingFirstRep().getCode()))).isNotEmpty();
    }
}
