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
