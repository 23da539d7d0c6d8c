package dk.rehab.adapter.finalstatus;

import dk.rehab.adapter.course.CourseFinished;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Produces the final status when a course finishes, synchronously inside the transaction that finished it (shared
 * contract with issue 4): the DocumentReference and its delivery outbox rows commit with the course's new status, or
 * not at all.
 */
@Component("finalStatusOnCourseFinished")
public class CourseFinishedListener {
    private final FinalStatusService finalStatus;

    public CourseFinishedListener(FinalStatusService finalStatus) {
        this.finalStatus = finalStatus;
    }

    @EventListener
    public void on(CourseFinished event) {
        finalStatus.forFinishedCourse(event.courseId());
    }
}
