package dk.rehab.adapter.course;

/**
 * Published inside the database transaction that set a course (EpisodeOfCare) to {@code finished}, so that
 * listeners write their own rows (e.g. a delivery outbox) atomically with the status change.
 *
 * @param courseId the EpisodeOfCare's logical id
 * @param patientId the Patient's logical id
 * @param planId the referring ServiceRequest's logical id, or {@code null} for a course without a hospital plan
 */
public record CourseFinished(String courseId, String patientId, String planId) {
}
