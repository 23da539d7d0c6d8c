package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.functionalstatus.FunctionalStatusService;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Closing a course in one call ({@code EpisodeOfCare/{id}/$finish}), inside the caller's transaction. First every rule,
 * with nothing written: the course exists (404), is active or on hold (finished or cancelled: 409
 * {@code course-already-closed}; planned or waitlist: 422 {@code invalid-transition}); no session before now is still
 * booked (409 {@code past-sessions-open}, one issue per session); a final functional status is given or recorded (409
 * {@code final-status-missing}). Then, all or nothing: records the given end-phase functional statuses, cancels the
 * sessions still booked after now (reason {@code course-finished}: not the citizen's cancellation, not against the
 * package), finishes the course (end reason, period.end, statusHistory; {@link CourseService#update} publishes
 * {@link CourseFinished}, which produces the final status and plans its deliveries), and completes the course's plan.
 * Other courses and plans of the citizen are not touched.
 */
@Service
public class CourseFinish {
    private static final Set<EpisodeOfCareStatus> FINISHABLE = Set.of(EpisodeOfCareStatus.ACTIVE, EpisodeOfCareStatus.ONHOLD);
    private static final Set<ServiceRequestStatus> PLAN_CLOSED = Set.of(ServiceRequestStatus.COMPLETED, ServiceRequestStatus.REVOKED,
            ServiceRequestStatus.ENTEREDINERROR);

    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final CourseService courses;
    private final PlanService plans;
    private final FunctionalStatusService functionalStatus;

    public CourseFinish(ResourceStore store, JdbcTemplate jdbc, CourseService courses, PlanService plans,
                        FunctionalStatusService functionalStatus) {
        this.store = store;
        this.jdbc = jdbc;
        this.courses = courses;
        this.plans = plans;
        this.functionalStatus = functionalStatus;
    }

    /** What the finish did: the finished course, its plan (or null), the sessions cancelled, the assessments recorded, the final status. */
    public record Result(EpisodeOfCare course, String planId, List<String> cancelledSessions, List<String> recordedAssessments,
                         String finalStatusId) {
    }

    public Result finish(String id, FinishRequest request) {
        StoredResource current = store.currentForUpdate("EpisodeOfCare", id).orElseThrow(() ->
                new AdapterException(ErrorCode.NOT_FOUND, "there is no EpisodeOfCare with id " + id, null));
        EpisodeOfCare before = store.parse(current, EpisodeOfCare.class);
        checkStatus(before);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Date end = request.end() == null ? Date.from(now) : request.end();
        List<FunctionalStatusService.Checked> checked = checkParameters(id, before, request, end, now);
        checkConsistent(id, request, now);

        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            recorded.add(functionalStatus.create(request.functionalStatus().get(i), checked.get(i)).resource().getIdElement().getIdPart());
        }
        List<String> cancelled = cancelFutureSessions(id, now);
        courses.recount(id);

        EpisodeOfCare next = before.copy();
        next.getExtension().removeIf(e -> Canonical.EXT_COURSE_END_REASON.equals(e.getUrl()));
        Coding reason = request.endReason().copy();
        next.addExtension(new Extension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept(reason)));
        next.setStatus(EpisodeOfCareStatus.FINISHED);
        next.getPeriod().setEndElement(new DateTimeType(end));
        next.getMeta().setVersionId(null);
        CourseService.Resolved resolved = courses.checkAndResolve(next, "EpisodeOfCare", WriteScope.single());
        EpisodeOfCare finished = courses.update(id, next, resolved, current.version());
        if (resolved.planId() != null) {
            complete(resolved.planId());
        }
        String finalStatus = jdbc.queryForList("select res_id from final_status where course_id = ? and status = 'current'", String.class, id)
                .stream().findFirst().orElse(null);
        return new Result(finished, resolved.planId(), cancelled, recorded, finalStatus);
    }

    private static void checkStatus(EpisodeOfCare course) {
        EpisodeOfCareStatus status = course.getStatus();
        if (CourseRules.CLOSED.contains(status)) {
            throw new AdapterException(ErrorCode.COURSE_ALREADY_CLOSED, "EpisodeOfCare/" + course.getIdElement().getIdPart() + " is "
                    + status.toCode() + " already; nothing was changed", "EpisodeOfCare.status");
        }
        if (!FINISHABLE.contains(status)) {
            throw new AdapterException(ErrorCode.INVALID_TRANSITION, "a " + status.toCode() + " course has not started: cancel it "
                    + "(PUT with status cancelled) instead of finishing it", "EpisodeOfCare.status");
        }
    }

    /** The parameters against the course: the end's date, the functional statuses given, the assessments referred to. */
    private List<FunctionalStatusService.Checked> checkParameters(String id, EpisodeOfCare course, FinishRequest request, Date end,
                                                                  Instant now) {
        Problems problems = new Problems();
        String endAt = "Parameters.parameter.where(name = 'end').value";
        if (end.toInstant().isAfter(now.plusSeconds(300))) {
            problems.add(ErrorCode.INVALID_VALUE, "a course cannot be finished in the future", endAt);
        } else if (course.getPeriod().hasStart() && end.before(course.getPeriod().getStart())) {
            problems.add(ErrorCode.INVALID_VALUE, "the end lies before the course's start (" + course.getPeriod().getStartElement()
                    .getValueAsString() + ")", endAt);
        }
        List<FunctionalStatusService.Checked> checked = new ArrayList<>();
        for (int i = 0; i < request.functionalStatus().size(); i++) {
            Observation obs = request.functionalStatus().get(i);
            String at = "Parameters.parameter.where(name = 'functionalStatus')[" + i + "].resource";
            List<Extension> links = obs.getExtensionsByUrl(Canonical.EXT_COURSE);
            if (links.isEmpty()) {
                obs.addExtension(new Extension(Canonical.EXT_COURSE, new Reference("EpisodeOfCare/" + id)));
            } else if (links.size() == 1 && links.get(0).getValue() instanceof Reference ref && ref.hasReference()
                    && !id.equals(new IdType(ref.getReference()).getIdPart())) {
                problems.add(ErrorCode.INVALID_VALUE, "the final functional status given to $finish belongs to the course finished",
                        at + ".extension('" + Canonical.EXT_COURSE + "').value");
            }
            FunctionalStatusService.Checked c = functionalStatus.check(obs, at, problems, WriteScope.single());
            if (c.phase() != null && !"end".equals(c.phase())) {
                problems.add(ErrorCode.INVALID_VALUE, "the final functional status is an end-phase assessment (assessment-phase end), not "
                        + c.phase(), at + ".extension('" + Canonical.EXT_ASSESSMENT_PHASE + "')");
            }
            checked.add(c);
        }
        for (int i = 0; i < request.finalAssessments().size(); i++) {
            Reference ref = request.finalAssessments().get(i);
            String at = "Parameters.parameter.where(name = 'finalAssessment')[" + i + "].value";
            IdType target = new IdType(ref.getReference());
            List<Map<String, Object>> row = "Observation".equals(target.getResourceType()) ? jdbc.queryForList(
                    "select course_id, phase, status from functional_status where res_id = ?", target.getIdPart()) : List.of();
            if (row.isEmpty()) {
                problems.add(ErrorCode.REFERENCE_NOT_FOUND, "finalAssessment refers to " + ref.getReference()
                        + ", which is not a stored functional status (Observation)", at);
            } else if (!id.equals(row.get(0).get("course_id")) || !"end".equals(row.get(0).get("phase"))
                    || "entered-in-error".equals(row.get(0).get("status"))) {
                problems.add(ErrorCode.INVALID_REFERENCE, "finalAssessment must be an end-phase functional status of this course, "
                        + "not entered in error", at);
            }
        }
        problems.throwIfAny();
        return checked;
    }

    /** 409 when the course cannot be closed as it is: booked sessions in the past, no final functional status. */
    private void checkConsistent(String id, FinishRequest request, Instant now) {
        Problems conflicts = new Problems();
        List<Map<String, Object>> open = jdbc.queryForList("select res_id, start_at from session where course_id = ? and status = 'booked' "
                + "and start_at < ? order by start_at, res_id", id, now.atOffset(ZoneOffset.UTC));
        for (Map<String, Object> s : open) {
            String ref = "Appointment/" + s.get("res_id");
            conflicts.add(ErrorCode.PAST_SESSIONS_OPEN, ref + " lies in the past and is still booked: record its outcome (fulfilled, "
                    + "noshow or cancelled) before finishing the course", ref);
        }
        Integer ends = jdbc.queryForObject("select count(*) from functional_status where course_id = ? and phase = 'end' "
                + "and status <> 'entered-in-error'", Integer.class, id);
        if (request.functionalStatus().isEmpty() && (ends == null || ends == 0)) {
            conflicts.add(ErrorCode.FINAL_STATUS_MISSING, "EpisodeOfCare/" + id + " has no final functional status: give it as "
                    + "functionalStatus (end-phase FSIII Observations), or record it first (POST Observation, assessment-phase end)",
                    "Parameters.parameter.where(name = 'functionalStatus')");
        }
        conflicts.throwIfAny();
    }

    /** Cancels the course's sessions booked at or after {@code now}, reason course-finished; returns their ids. */
    private List<String> cancelFutureSessions(String courseId, Instant now) {
        List<String> ids = jdbc.queryForList("select res_id from session where course_id = ? and status = 'booked' and start_at >= ? "
                + "order by start_at, res_id", String.class, courseId, now.atOffset(ZoneOffset.UTC));
        for (String sessionId : ids) {
            StoredResource current = store.currentForUpdate("Appointment", sessionId).orElseThrow();
            Appointment session = store.parse(current, Appointment.class);
            session.setStatus(Appointment.AppointmentStatus.CANCELLED);
            session.setCancelationReason(new CodeableConcept(new Coding(Canonical.CS_CANCELLATION_REASONS, CourseCodes.CANCELLED_COURSE_FINISHED,
                    CourseCodes.CANCELLATION_REASONS.get(CourseCodes.CANCELLED_COURSE_FINISHED))));
            Appointment stored = store.update(session, current.version()).orElseThrow(() ->
                    new AdapterException(ErrorCode.VERSION_CONFLICT, "a session of the course was changed by someone else meanwhile", null));
            jdbc.update("update session set status = 'cancelled', cancel_reason = ?, last_updated = ? where res_id = ?",
                    CourseCodes.CANCELLED_COURSE_FINISHED, stored.getMeta().getLastUpdated().toInstant().atOffset(ZoneOffset.UTC), sessionId);
        }
        return ids;
    }

    /** The course's plan: completed (a plan revoked or completed already stays as it is). */
    private void complete(String planId) {
        ServiceRequest plan = plans.read(planId).copy();
        if (PLAN_CLOSED.contains(plan.getStatus())) {
            return;
        }
        plan.setStatus(ServiceRequestStatus.COMPLETED);
        plan.getMeta().setVersionId(null);
        PlanService.Resolved resolved = plans.checkAndResolve(plan, "ServiceRequest", WriteScope.single());
        plans.update(planId, plan, resolved, null);
    }
}
