package dk.rehab.adapter.klgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the KL Gateway mappers: each mapper's output for the project's examples must equal
 * {@code src/test/resources/klgateway/<name>.json} (compared as the JSON text HAPI writes, pretty-printed). After a
 * deliberate change regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class KlMapperGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/klgateway");

    @Test
    void patient() {
        golden("patient", KlPatientMapper.map(KlScenarios.patient(), KlScenarios.centre()));
    }

    @Test
    void deceasedPatientIsReportedDeceased() {
        var p = KlScenarios.patient();
        p.setDeceased(new org.hl7.fhir.r4.model.DateTimeType("2026-12-01"));
        assertThat(KlPatientMapper.map(p, KlScenarios.centre()).getDeceasedBooleanType().booleanValue()).isTrue();
    }

    @Test
    void organization() {
        golden("organization", KlOrganizationMapper.map(KlScenarios.centre()));
    }

    @Test
    void serviceRequest() {
        golden("servicerequest", KlServiceRequestMapper.map(KlScenarios.plan()));
    }

    @Test
    void serviceRequestNotActedOn() {
        golden("servicerequest-postponed", KlServiceRequestMapper.map(KlScenarios.postponedPlan()));
    }

    @Test
    void diagnosis() {
        golden("focus-condition", KlDiagnosisMapper.map(KlScenarios.diagnosis()));
    }

    @Test
    void carePlanOfAFinishedCourse() {
        CitizenRecord.Course c = KlScenarios.finished().courses().get(0);
        golden("careplan-finished", KlCarePlanMapper.course(c.course(), c.sessions()));
        golden("planned-intervention-assessment", KlCarePlanMapper.assessment(c.course(), c.sessions()).orElseThrow());
    }

    @Test
    void carePlanOfACancelledCourseCarriesKlCancellationType() {
        CitizenRecord.Course c = KlScenarios.cancelledCourse().courses().get(0);
        CarePlan kl = KlCarePlanMapper.course(c.course(), c.sessions());
        golden("careplan-cancelled", kl);
        assertThat(kl.getActivityFirstRep().getDetail().getStatus()).isEqualTo(CarePlan.CarePlanActivityStatus.STOPPED);
        assertThat(kl.getActivityFirstRep().getDetail().getStatusReason().getCodingFirstRep().getCode())
                .isEqualTo("3a5a72b7-addf-4857-b80c-04e4246e3072");
    }

    @Test
    void carePlanOfACitizenWhoNeverShowed() {
        CitizenRecord.Course c = KlScenarios.neverShowed().courses().get(0);
        CarePlan kl = KlCarePlanMapper.course(c.course(), c.sessions());
        golden("careplan-never-showed", kl);
        assertThat(kl.getActivityFirstRep().getDetail().getStatus()).isEqualTo(CarePlan.CarePlanActivityStatus.CANCELLED);
        assertThat(kl.getPeriod().hasStart()).as("the day the course was opened").isTrue();
    }

    @Test
    void encounterOfAHeldSession() {
        golden("encounter-assessment", KlEncounterMapper.map(KlSession.of(KlScenarios.assessment()), "course-nancy").orElseThrow());
        golden("encounter-training", KlEncounterMapper.map(KlSession.of(KlScenarios.training()), "course-nancy").orElseThrow());
    }

    @Test
    void sessionsNotHeldAreNoEncounters() {
        assertThat(KlEncounterMapper.map(KlSession.of(KlScenarios.cancelled()), "course-nancy")).isEmpty();
        var noshow = KlScenarios.assessment();
        noshow.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.NOSHOW);
        assertThat(KlEncounterMapper.map(KlSession.of(noshow), "course-nancy")).isEmpty();
    }

    @Test
    void conditionFromTheLatestAssessmentOfAnArea() {
        CitizenRecord.Course c = KlScenarios.finished().courses().get(0);
        var kl = KlConditionMapper.map(c.assessments()).orElseThrow();
        golden("condition", kl);
        assertThat(kl.getIdElement().getIdPart()).isEqualTo("functional-status-nancy-lave-mad-end");
    }

    @Test
    void areaAtLevelNineOrOutsideConditions140IsNoCondition() {
        var o = KlScenarios.lavemad();
        o.getValueCodeableConcept().getCodingFirstRep().setCode(KlConditionMapper.LEVEL_9);
        assertThat(KlConditionMapper.map(List.of(o))).isEmpty();
        var other = KlScenarios.lavemad();
        other.getCode().getCodingFirstRep().setCode("00000000-0000-0000-0000-000000000000");
        assertThat(KlConditionMapper.map(List.of(other))).isEmpty();
    }

    @Test
    void deliveryReportOfAFinishedCourse() {
        Bundle report = KlDeliveryReportAssembler.report(KlScenarios.finished(), "report-nancy", KlScenarios.TIMESTAMP, KlScenarios.BASE);
        golden("delivery-report-finished", report);
        assertThat(report.getEntryFirstRep().getResource().fhirType()).isEqualTo("Patient");
        assertThat(report.getEntry().stream().map(e -> e.getResource().fhirType()).toList())
                .containsExactly("Patient", "Organization", "Organization", "Condition", "ServiceRequest", "CarePlan", "CarePlan",
                        "Encounter", "Encounter", "Condition");
    }

    /** The reports are stored as {@link dk.rehab.adapter.fhir.CompactJson} writes them: HAPI's text, for every scenario. */
    @Test
    void reportsAreEncodedAsHapiEncodesThem() {
        var compact = new dk.rehab.adapter.fhir.CompactJson(KlScenarios.FHIR);
        for (CitizenRecord r : List.of(KlScenarios.finished(), KlScenarios.cancelledCourse(), KlScenarios.neverShowed(),
                KlScenarios.specialiseret(), KlScenarios.severalPlans())) {
            Bundle report = KlDeliveryReportAssembler.report(r, "report-nancy", KlScenarios.TIMESTAMP, KlScenarios.BASE);
            report.setId("Bundle/report-nancy/_history/1");
            report.getMeta().setVersionId("1").setLastUpdated(KlScenarios.TIMESTAMP);
            assertThat(compact.encode(report)).contains(KlScenarios.FHIR.newJsonParser().encodeResourceToString(report));
        }
    }

    @Test
    void inputIsNotChanged() {
        EpisodeOfCare course = KlScenarios.course();
        String before = KlScenarios.FHIR.newJsonParser().encodeResourceToString(course);
        KlCarePlanMapper.course(course, List.of(KlSession.of(KlScenarios.assessment())));
        assertThat(KlScenarios.FHIR.newJsonParser().encodeResourceToString(course)).isEqualTo(before);
    }

    static void golden(String name, Resource actual) {
        String json = KlScenarios.FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(actual) + "\n";
        Path file = DIR.resolve(name + ".json");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file " + file + " (regenerate with -Dgolden.update=true)").exists();
            assertThat(json).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
