package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.config.AdapterProperties.DayKind;
import dk.rehab.adapter.config.AdapterProperties.DayRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Jobcenter referrals (SEL § 86.1), under {@code adapter.jobcenter}: {@code startDeadline}, the first meeting no later
 * than this many days after the referral was received — 15 working days (Monday to Friday without Danish public
 * holidays) in Ishøj's quality standard.
 */
@ConfigurationProperties("adapter.jobcenter")
public record JobcenterProperties(@DefaultValue({"15", "working-days"}) DayRule startDeadline) {
    public JobcenterProperties {
        if (startDeadline == null) {
            startDeadline = new DayRule(15, DayKind.WORKING_DAYS);
        }
    }
}
