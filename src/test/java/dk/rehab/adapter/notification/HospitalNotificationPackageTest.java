package dk.rehab.adapter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.RequiresShared;
import dk.rehab.adapter.support.Shared;
import dk.rehab.adapter.validation.ProfileValidator;
import dk.rehab.adapter.validation.ValidationSupportFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notifications the integration tests send — MedCom's own examples as adapted there (ids, CPR, dates) — conform to
 * MedCom HospitalNotification 3.0.2's message profile with the Danish packages of ../shared loaded, so the tests feed
 * the adapter what a hospital may send.
 */
@RequiresShared
class HospitalNotificationPackageTest {
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static ProfileValidator validator;

    @BeforeAll
    static void chain() {
        validator = new ProfileValidator(FHIR, new ValidationSupportFactory(FHIR).create(Optional.of(Shared.packages())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MedcomNotifications.ADMIT, MedcomNotifications.EMERGENCY, MedcomNotifications.DISCHARGE,
            MedcomNotifications.CANCEL_ADMIT, MedcomNotifications.START_LEAVE, MedcomNotifications.REVISE_ADMIT, MedcomNotifications.END_LEAVE,
            MedcomNotifications.DISCHARGE_EMERGENCY})
    void theAdaptedExampleConformsToTheMedcomProfile(String file) {
        Bundle sent = MedcomNotifications.adapt(MedcomNotifications.load(FHIR, file), Plans.newCpr(),
                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), "b9b4818e-02de-4cc4-b418-d20cbc7b5404");
        ValidationResult result = validator.validate(sent, Notifications.PROFILE_MESSAGE);
        List<SingleValidationMessage> errors = ProfileValidator.errorsOf(result);
        assertThat(errors).as(file + ": " + errors.stream().map(m -> m.getLocationString() + " " + m.getMessage()).toList()).isEmpty();
        assertThat(result.getMessages()).as("the MedCom profile was found and applied")
                .noneMatch(m -> m.getMessage().contains("could not be found") || m.getMessage().contains("Unable to find"));
    }
}
