package dk.rehab.adapter.klgateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import dk.rehab.adapter.support.RequiresShared;
import dk.rehab.adapter.support.Shared;
import dk.rehab.adapter.validation.ProfileValidator;
import dk.rehab.adapter.validation.ValidationSupportFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KL Gateway reports of every scenario validate with 0 errors with the HAPI validator over kl.dk.fhir.rehab 2.2.0,
 * kl.dk.fhir.term 2.2.0 and DK Core from {@code ../shared/fhir/packages} (the chain the project builds in
 * {@link ValidationSupportFactory}): finished course, course cancelled, citizen who never showed, plan rejected as
 * specialiseret, several plans for one citizen; each as a delivery report and wrapped in an incremental delivery.
 * The KL profiles must really have been applied (a message naming an unknown profile fails the test).
 */
@RequiresShared
class KlReportValidationTest {
    private static ProfileValidator validator;

    @BeforeAll
    static void chain() {
        ValidationSupportFactory factory = new ValidationSupportFactory(KlScenarios.FHIR);
        validator = new ProfileValidator(KlScenarios.FHIR, factory.create(Optional.of(Shared.packages())));
        assertTrue(factory.loadedPackages().contains("kl.dk.fhir.rehab#2.2.0"), factory.loadedPackages().toString());
    }

    static Stream<Arguments> scenarios() {
        Map<String, Supplier<CitizenRecord>> s = new java.util.LinkedHashMap<>();
        s.put("finished course", KlScenarios::finished);
        s.put("course cancelled", KlScenarios::cancelledCourse);
        s.put("citizen who never showed", KlScenarios::neverShowed);
        s.put("plan rejected as specialiseret", KlScenarios::specialiseret);
        s.put("several plans for one citizen", KlScenarios::severalPlans);
        return s.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void deliveryReportValidates(String name, Supplier<CitizenRecord> scenario) {
        Bundle report = KlDeliveryReportAssembler.report(scenario.get(), "report-nancy", KlScenarios.TIMESTAMP, KlScenarios.BASE);
        assertNoErrors(name, validator.validate(report, Kl.DELIVERY_REPORT));
    }

    @Test
    void incrementalDeliveryOfAllScenariosValidates() {
        List<Bundle> reports = scenarios().map(a -> {
            @SuppressWarnings("unchecked")
            Supplier<CitizenRecord> s = (Supplier<CitizenRecord>) a.get()[1];
            return KlDeliveryReportAssembler.report(s.get(), "report-" + ((String) a.get()[0]).replace(' ', '-'), KlScenarios.TIMESTAMP,
                    KlScenarios.BASE);
        }).toList();
        Bundle delivery = KlDeliveryReportAssembler.wrap(reports, "delivery-1", KlScenarios.TIMESTAMP, KlScenarios.BASE);
        assertNoErrors("incremental delivery", validator.validate(delivery, Kl.INCREMENTAL_DELIVERY));
    }

    /** The check can fail: what KL forbids or requires is reported as an error (severity on a § 140 condition, no discharge date). */
    @Test
    void theValidatorRefusesWhatKlForbids() {
        Bundle report = KlDeliveryReportAssembler.report(KlScenarios.finished(), "report-nancy", KlScenarios.TIMESTAMP, KlScenarios.BASE);
        report.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Condition c && c.getMeta().hasProfile(Kl.CONDITION))
                .forEach(r -> ((org.hl7.fhir.r4.model.Condition) r).setSeverity(Kl.concept(Kl.FSIII, "fcc16cb1-41f0-4832-b834-110fba0aaabe", "1")));
        report.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.ServiceRequest).forEach(r -> ((org.hl7.fhir.r4.model.ServiceRequest) r).getExtension().clear());
        List<SingleValidationMessage> errors = ProfileValidator.errorsOf(validator.validate(report, Kl.DELIVERY_REPORT));
        String all = describe(errors);
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains("Condition.severity: max allowed = 0")), all);
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains("Slice 'ServiceRequest.extension:dischargeDate'")), all);
    }

    static void assertNoErrors(String what, ValidationResult result) {
        List<SingleValidationMessage> errors = ProfileValidator.errorsOf(result);
        assertTrue(errors.isEmpty(), what + ": " + errors.size() + " errors\n" + describe(errors));
        List<SingleValidationMessage> unknown = result.getMessages().stream()
                .filter(m -> m.getMessage().contains("could not be found") || m.getMessage().contains("Profile reference"))
                .filter(m -> m.getSeverity() != ResultSeverityEnum.INFORMATION).toList();
        assertTrue(unknown.isEmpty(), what + ": a profile was not applied\n" + describe(unknown));
    }

    static String describe(List<SingleValidationMessage> messages) {
        return messages.stream().map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()).collect(Collectors.joining("\n"));
    }
}
