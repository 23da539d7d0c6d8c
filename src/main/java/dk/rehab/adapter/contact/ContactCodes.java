package dk.rehab.adapter.contact;

import dk.rehab.adapter.fhir.Canonical;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** The adapter's codes for Communications: what a Communication is, and how the citizen was reached. */
public final class ContactCodes {
    private ContactCodes() {
    }

    /** CodeSystem communication-categories. */
    public enum Category {
        CONTACT("contact", "Kontakt med borgeren"),
        CONTACT_LETTER("contact-letter", "Kontaktbrev"),
        REMINDER("reminder", "Påmindelse om aftale");

        private final String code;
        private final String display;

        Category(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public CodeableConcept concept() {
            return new CodeableConcept(new Coding(Canonical.CS_COMMUNICATION_CATEGORIES, code, display));
        }

        public static Optional<Category> of(String code) {
            return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
        }
    }

    /**
     * CodeSystem contact-media; each maps to HL7 v3 ParticipationMode (phone = PHONE, digital-post = ONLINEWRIT,
     * letter = MAILWRIT), whose codes are accepted as well.
     */
    public enum Medium {
        PHONE("phone", "Telefon", "PHONE"),
        DIGITAL_POST("digital-post", "Digital post (e-Boks)", "ONLINEWRIT"),
        LETTER("letter", "Brev", "MAILWRIT");

        public static final String V3_PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";

        private final String code;
        private final String display;
        private final String v3;

        Medium(String code, String display, String v3) {
            this.code = code;
            this.display = display;
            this.v3 = v3;
        }

        public String code() {
            return code;
        }

        public String display() {
            return display;
        }

        public CodeableConcept concept() {
            return new CodeableConcept(new Coding(Canonical.CS_CONTACT_MEDIA, code, display));
        }

        /** The medium a coding names: the adapter's code, or the v3 ParticipationMode code it maps to. */
        public static Optional<Medium> of(Coding coding) {
            String code = coding.getCode();
            if (Canonical.CS_CONTACT_MEDIA.equals(coding.getSystem())) {
                return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
            }
            if (V3_PARTICIPATION_MODE.equals(coding.getSystem()) && code != null) {
                return Arrays.stream(values()).filter(m -> m.v3.equals(code.toUpperCase(Locale.ROOT))).findFirst();
            }
            return Optional.empty();
        }
    }
}
