package dk.rehab.adapter.config;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything a municipality may configure, under the {@code adapter.} prefix (see application.yml). */
@ConfigurationProperties("adapter")
public record AdapterProperties(
        @DefaultValue("Europe/Copenhagen") ZoneId zone,
        @DefaultValue Deadlines deadlines,
        @DefaultValue Validation validation,
        @DefaultValue Paging paging,
        @DefaultValue Messaging messaging,
        @DefaultValue Courses courses,
        @DefaultValue Catalogue catalogue) {

    /** The day counts of the plan deadlines; municipalities differ (calendar or working days). */
    public record Deadlines(
            @DefaultValue({"4", "calendar-days"}) DayRule contact,
            @DefaultValue({"7", "calendar-days"}) DayRule start,
            @DefaultValue({"7", "calendar-days"}) DayRule freeChoice) {
    }

    public record DayRule(int days, DayKind kind) {
        public DayRule {
            if (days < 0) {
                throw new IllegalArgumentException("a deadline's days must not be negative, was " + days);
            }
        }
    }

    public enum DayKind {
        CALENDAR_DAYS,
        /** Monday to Friday, without Danish public holidays. */
        WORKING_DAYS
    }

    /**
     * strict: the full validator on every write. preload: build and warm the full validator at start-up (readiness
     * waits for it); otherwise it is built on first use ($validate). Strict mode always preloads.
     */
    public record Validation(@DefaultValue("false") boolean strict, @DefaultValue("") String packagesDir,
                             @DefaultValue("true") boolean preload) {
        public boolean preloads() {
            return strict || preload;
        }
    }

    /**
     * This municipality as a receiver of hospital messages: its SOR id, EAN/GLN location number, municipality
     * number (four digits, as DK Core writes it; the GGOP's number without leading zeros matches too), the
     * municipality's name ({@code municipalityName}, said in the start-up log) and the receiving unit's name.
     * The shipped defaults are Ishøj's (0183), whose service catalogue the adapter ships.
     * A message whose primary receiver is not this municipality is refused. {@code endpoint} is the address the
     * adapter gives as the source of its acknowledgements. {@code ackEndpoints}: the FHIR bases the adapter may
     * deliver acknowledgements to (a message's {@code source.endpoint} must start with one); empty = none.
     * {@code deliveryTimeout}: connecting to and waiting for the answer of an acknowledgement endpoint;
     * {@code initialBackoff}/{@code maxBackoff}: the wait after a failed attempt, initial × 2^(attempts−1), at most max.
     */
    public record Messaging(
            @DefaultValue("953741000016009") String sor,
            @DefaultValue("5790000121441") String ean,
            @DefaultValue("0183") String municipality,
            @DefaultValue("Genoptræningen") String name,
            @DefaultValue("http://rehab-adapter.dk/fhir") String endpoint,
            @DefaultValue("") java.util.List<String> ackEndpoints,
            @DefaultValue("PT5S") java.time.Duration deliveryInterval,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("PT10S") java.time.Duration deliveryTimeout,
            @DefaultValue("PT2S") java.time.Duration initialBackoff,
            @DefaultValue("PT10M") java.time.Duration maxBackoff,
            @DefaultValue("Ishøj Kommune") String municipalityName) {

        /** Whether a GGOP municipality number (e.g. {@code 183}) or a DK Core code ({@code 0183}) is this municipality. */
        public boolean isMunicipality(String number) {
            return number != null && number.matches("\\d{1,4}") && Integer.parseInt(number) == Integer.parseInt(municipality);
        }

        /** Whether acknowledgements may be delivered to {@code endpoint}. */
        public boolean deliversTo(String endpoint) {
            return endpoint != null && ackEndpoints.stream().anyMatch(base -> !base.isBlank() && endpoint.startsWith(base));
        }
    }

    public record Paging(@DefaultValue("20") int defaultCount, @DefaultValue("200") int maxCount) {
    }

    /**
     * cancellationsBeforeReassessment: the number of citizen cancellations (afbud) in a course that marks it for
     * re-assessment (and every further multiple of it); a first no-show always marks it.
     */
    public record Courses(@DefaultValue("3") int cancellationsBeforeReassessment) {
        public Courses {
            if (cancellationsBeforeReassessment < 1) {
                throw new IllegalArgumentException("adapter.courses.cancellations-before-reassessment must be at least 1");
            }
        }
    }

    /** file: the municipality's own service catalogue (a FHIR Bundle of PlanDefinitions); empty = the catalogue shipped with the adapter. */
    public record Catalogue(@DefaultValue("") String file) {
    }
}
