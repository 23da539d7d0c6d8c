package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.config.AdapterProperties.DayRule;

/**
 * Jobcenter referrals (SEL § 86.1), under {@code adapter.jobcenter}: {@code startDeadline}, the first meeting no later
 * than this many days after the referral was received — 15 working days (Monday to Friday without Danish public
 * holidays) in Ishøj's quality standard. Bound by {@link JobcenterConfig}.
 */
public record JobcenterProperties(DayRule startDeadline) {
}
