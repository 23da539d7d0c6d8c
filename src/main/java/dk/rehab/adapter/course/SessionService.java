package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.catalogue.ServiceCatalogue;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.SessionPlace;
import dk.rehab.adapter.fhir.SessionType;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.practitioner.TeamService;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A session ({@code rehab-session}, an Appointment): one citizen's appointment in a course, alone or as one place on
 * a team session. Enforces the rules of the catalogue and the quality standard: the package (plus extra sessions
 * granted) limits bookings, a team session has a capacity, a no-show or repeated cancellations mark the course for
 * re-assessment, an attended assessment clears the mark, and the first session offered sets the plan's offered
 * start. The course (and the team) are locked while a booking is checked, so concurrent bookings of the last place
 * or the last session cannot both succeed. Runs inside the caller's transaction.
 */
@Service
public class SessionService {
    static final Set<AppointmentStatus> STATUSES = Set.of(AppointmentStatus.BOOKED, AppointmentStatus.FULFILLED,
            AppointmentStatus.NOSHOW, AppointmentStatus.CANCELLED);

    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final ReferenceResolver references;
    private final ExtensionPolicy extensions;
    private final CourseService courses;
    private final PlanService plans;
    private final AdapterProperties properties;
    private final SessionSummaries summaries;

    public SessionService(ResourceStore store, JdbcTemplate jdbc, ReferenceResolver references, ExtensionPolicy extensions,
                          CourseService courses, PlanService plans, AdapterProperties properties,
                          SessionSummaries summaries) {
        this.summaries = summaries;
        this.store = store;
        this.jdbc = jdbc;
        this.references = references;
        this.extensions = extensions;
        this.courses = courses;
        this.plans = plans;
        this.properties = properties;
    }

    record Resolved(CourseService.Row course, String patientId, String teamId, List<String> practitionerIds) {
    }

    private Resolved checkAndResolve(Appointment session, String at, WriteScope scope) {
        extensions.requireSingleExtensions(session, at);
        Problems problems = new Problems();
        check(session, at, problems);
        extensions.check(session, at, problems);
        String courseId = null;
        Extension courseExt = session.getExtensionByUrl(Canonical.EXT_COURSE);
        String courseAt = at + ".extension('" + Canonical.EXT_COURSE + "')";
        if (courseExt == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a session belongs to a course (extension " + Canonical.EXT_COURSE + ")", courseAt);
        } else if (!(courseExt.getValue() instanceof Reference ref)) {
            problems.add(ErrorCode.INVALID_VALUE, "the course is a valueReference to an EpisodeOfCare", courseAt + ".value");
        } else {
            courseId = references.resolve(ref, "EpisodeOfCare", courseAt + ".value", problems, scope);
        }
        String patientId = null;
        String teamId = null;
        List<String> practitionerIds = new ArrayList<>();
        for (int i = 0; i < session.getParticipant().size(); i++) {
            Reference actor = session.getParticipant().get(i).getActor();
            String where = at + ".participant[" + i + "].actor";
            String type = actorType(actor);
            if (type == null) {
                problems.add(ErrorCode.INVALID_REFERENCE, "a participant is the citizen (Patient), a therapist (Practitioner) or the team "
                        + "(HealthcareService)", where);
                continue;
            }
            String id = references.resolve(actor, type, where, problems, scope);
            switch (type) {
                case "Patient" -> patientId = id;
                case "HealthcareService" -> teamId = id;
                default -> practitionerIds.add(id);
            }
        }
        problems.throwIfAny();
        CourseService.Row course = courses.lock(courseId).orElseThrow();
        if (!course.patientId().equals(patientId)) {
            throw new AdapterException(ErrorCode.INVALID_REFERENCE, "the citizen of the session is not the citizen of the course",
                    at + ".participant");
        }
        String planRef = course.planId() == null ? null : "ServiceRequest/" + course.planId();
        if (session.hasBasedOn() && (session.getBasedOn().size() > 1 || !Objects.equals(planRef, session.getBasedOnFirstRep().getReference()))) {
            throw new AdapterException(ErrorCode.INVALID_REFERENCE, planRef == null ? "the course has no plan: leave basedOn out"
                    : "basedOn is the course's plan, " + planRef + " (the adapter fills it in)", at + ".basedOn");
        }
        session.setBasedOn(planRef == null ? new ArrayList<>() : new ArrayList<>(List.of(new Reference(planRef))));
        return new Resolved(course, patientId, teamId, practitionerIds);
    }

    private static String actorType(Reference actor) {
        if (actor == null) {
            return null;
        }
        if (actor.hasReference()) {
            String ref = actor.getReference();
            for (String type : List.of("Patient", "Practitioner", "HealthcareService")) {
                if (ref.startsWith(type + "/")) {
                    return type;
                }
            }
            return actor.hasType() && Set.of("Patient", "Practitioner", "HealthcareService").contains(actor.getType()) ? actor.getType() : null;
        }
        if (actor.hasIdentifier() && Canonical.SYSTEM_CPR.equals(actor.getIdentifier().getSystem())) {
            return "Patient";
        }
        return null;
    }

    /** The element rules of rehab-session. */
    static void check(Appointment session, String at, Problems problems) {
        if (!session.hasStatus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "status is required", at + ".status");
        } else if (!STATUSES.contains(session.getStatus())) {
            problems.add(ErrorCode.INVALID_VALUE, "a session is booked, fulfilled (attended), noshow or cancelled, not "
                    + session.getStatus().toCode(), at + ".status");
        }
        String type = SessionType.of(session);
        if (type == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "appointmentType is required: assessment, individual, group or check-in ("
                    + Canonical.CS_SESSION_TYPES + ")", at + ".appointmentType");
        } else if (!CourseCodes.SESSION_TYPES.containsKey(type)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "unknown session type '" + type + "' (assessment, individual, group, check-in)",
                    at + ".appointmentType");
        }
        if (!session.hasStart()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "start is required", at + ".start");
        }
        if (!session.hasEnd()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "end is required", at + ".end");
        }
        if (session.hasStart() && session.getStartElement().getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal()) {
            problems.add(ErrorCode.INVALID_VALUE, "start is an instant: date and time with seconds and a time zone", at + ".start");
        }
        if (session.hasEnd() && session.getEndElement().getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal()) {
            problems.add(ErrorCode.INVALID_VALUE, "end is an instant: date and time with seconds and a time zone", at + ".end");
        }
        if (session.hasStart() && session.hasEnd()) {
            long minutes = (session.getEnd().getTime() - session.getStart().getTime()) / 60000;
            if (minutes <= 0) {
                problems.add(ErrorCode.INVALID_VALUE, "the session ends before it starts", at + ".end");
            } else if (session.hasMinutesDuration() && (session.getMinutesDuration() < 1 || session.getMinutesDuration() > minutes)) {
                problems.add(ErrorCode.INVALID_VALUE, "minutesDuration is 1 to " + minutes + " (the minutes between start and end)",
                        at + ".minutesDuration");
            }
        }
        boolean cancelled = session.getStatus() == AppointmentStatus.CANCELLED;
        String reason = cancellationReason(session);
        if (cancelled && !session.hasCancelationReason()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a cancelled session says who cancelled and why: citizen-ill, citizen-other "
                    + "or centre (" + Canonical.CS_CANCELLATION_REASONS + ")", at + ".cancelationReason");
        } else if (cancelled && (reason == null || !CourseCodes.CANCELLATION_REASONS.containsKey(reason))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the cancellation reason is citizen-ill, citizen-other or centre ("
                    + Canonical.CS_CANCELLATION_REASONS + ")", at + ".cancelationReason");
        } else if (!cancelled && session.hasCancelationReason()) {
            problems.add(ErrorCode.INVALID_VALUE, "only a cancelled session has a cancellation reason", at + ".cancelationReason");
        }
        int patients = 0;
        int practitioners = 0;
        int teams = 0;
        for (AppointmentParticipantComponent p : session.getParticipant()) {
            String t = actorType(p.getActor());
            if ("Patient".equals(t)) {
                patients++;
            } else if ("Practitioner".equals(t)) {
                practitioners++;
            } else if ("HealthcareService".equals(t)) {
                teams++;
            }
        }
        if (patients != 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a session has exactly one citizen (Patient) participant; each citizen's place on a team "
                    + "session is a session of its own", at + ".participant");
        }
        if (practitioners == 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a session has at least one therapist (Practitioner) participant", at + ".participant");
        }
        if ("group".equals(type)) {
            if (teams != 1) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a group session names its team (a HealthcareService participant)", at + ".participant");
            }
            if (practitioners != 2) {
                problems.add(ErrorCode.INVALID_VALUE, "a team session always has two therapists", at + ".participant");
            }
        } else if (teams > 0) {
            problems.add(ErrorCode.INVALID_VALUE, "only a group session has a team", at + ".participant");
        }
        Extension place = session.getExtensionByUrl(Canonical.EXT_SESSION_PLACE);
        if (place != null && (!(place.getValue() instanceof Coding c) || !Canonical.CS_SESSION_PLACES.equals(c.getSystem())
                || !(c.getCode() != null && CourseCodes.SESSION_PLACES.containsKey(c.getCode())))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the place is centre, home, pool or outdoors (" + Canonical.CS_SESSION_PLACES + ")",
                    at + ".extension('" + Canonical.EXT_SESSION_PLACE + "').value");
        }
    }

    static String cancellationReason(Appointment session) {
        // a coding without a code is no reason (a null element would make findFirst throw)
        return session.getCancelationReason().getCoding().stream().filter(c -> Canonical.CS_CANCELLATION_REASONS.equals(c.getSystem()))
                .filter(Coding::hasCode).map(Coding::getCode).findFirst().orElse(null);
    }

    public WriteOutcome<Appointment> create(Appointment session, String at, WriteScope scope) {
        Resolved resolved = checkAndResolve(session, at, scope);
        CourseService.Row course = resolved.course();
        if (!course.open()) {
            throw new AdapterException(ErrorCode.COURSE_CLOSED, "the course is " + course.status() + ": no session can be added",
                    at + ".extension('" + Canonical.EXT_COURSE + "')");
        }
        String type = SessionType.of(session);
        if (session.getStatus() != AppointmentStatus.CANCELLED && !"assessment".equals(type)) {
            checkPackage(course, type, at);
        }
        if (resolved.teamId() != null && session.getStatus() != AppointmentStatus.CANCELLED) {
            checkTeam(resolved.teamId(), session, null, at);
        }
        if (!session.hasMinutesDuration()) {
            session.setMinutesDuration((int) ((session.getEnd().getTime() - session.getStart().getTime()) / 60000));
        }
        session.setId((String) null);
        session.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_SESSION)));
        Appointment stored = store.create(session);
        String id = stored.getIdElement().getIdPart();
        index(stored, resolved, false);
        store.indexIdentifiers("Appointment", id, stored.getIdentifier());
        afterChange(course, stored, null);
        return new WriteOutcome<>(stored, true);
    }

    public Appointment update(String id, Appointment session, Integer ifMatch) {
        StoredResource current = store.current("Appointment", id).orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND,
                "there is no Appointment with id " + id + "; create sessions with POST (the server assigns ids)", null));
        Appointment before = store.parse(current, Appointment.class);
        Resolved resolved = checkAndResolve(session, "Appointment", WriteScope.single());
        current = ResourceUpdates.lockCurrent(store, "Appointment", id, ifMatch, "sessions");
        before = store.parse(current, Appointment.class);
        Problems problems = new Problems();
        Reference beforeCourse = (Reference) before.getExtensionByUrl(Canonical.EXT_COURSE).getValue();
        if (!beforeCourse.getReference().equals("EpisodeOfCare/" + resolved.course().id())) {
            problems.add(ErrorCode.INVALID_VALUE, "a session's course cannot change", "Appointment.extension('" + Canonical.EXT_COURSE + "')");
        }
        if (!Objects.equals(SessionType.of(before), SessionType.of(session))) {
            problems.add(ErrorCode.INVALID_VALUE, "a session's type cannot change; cancel it and book another", "Appointment.appointmentType");
        }
        AppointmentStatus from = before.getStatus();
        AppointmentStatus to = session.getStatus();
        if (from != to && from != AppointmentStatus.BOOKED) {
            problems.add(ErrorCode.INVALID_TRANSITION, "a " + from.toCode() + " session cannot become " + to.toCode()
                    + " (only a booked session changes: to fulfilled, noshow or cancelled)", "Appointment.status");
        }
        problems.throwIfAny();
        if (!resolved.course().open()) {
            throw new AdapterException(ErrorCode.COURSE_CLOSED, "the course is " + resolved.course().status() + ": its sessions cannot change",
                    "Appointment.extension('" + Canonical.EXT_COURSE + "')");
        }
        boolean moved = !before.getStartElement().getValueAsString().equals(session.getStartElement().getValueAsString());
        if (resolved.teamId() != null && to != AppointmentStatus.CANCELLED && moved) {
            checkTeam(resolved.teamId(), session, id, "Appointment");
        }
        if (!session.hasMinutesDuration()) {
            session.setMinutesDuration((int) ((session.getEnd().getTime() - session.getStart().getTime()) / 60000));
        }
        session.setId(id);
        session.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_SESSION)));
        Appointment stored = store.update(session, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the session was changed by someone else meanwhile", null));
        index(stored, resolved, true);
        store.reindexIdentifiers("Appointment", id, stored.getIdentifier());
        afterChange(resolved.course(), stored, from);
        return stored;
    }

    /** Refuses a training session the package (plus extra sessions granted) has no room for. */
    private void checkPackage(CourseService.Row course, String type, String at) {
        if (course.packageUrl() == null) {
            return;
        }
        PlanDefinition pkg = courses.packageOf(course).orElseThrow(() -> new AdapterException(ErrorCode.UNKNOWN_PACKAGE,
                "the course's package " + course.packageUrl() + " is no longer in the service catalogue", at));
        Map<String, Integer> limits = ServiceCatalogue.limits(pkg);
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("select session_type, count(*) from session where course_id = ? and status <> 'cancelled' and session_type <> 'assessment' "
                + "group by session_type", rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        }, course.id());
        int overflow = 0;
        Set<String> types = new java.util.HashSet<>(limits.keySet());
        types.addAll(counts.keySet());
        for (String t : types) {
            overflow += Math.max(0, counts.getOrDefault(t, 0) - limits.getOrDefault(t, 0));
        }
        int limit = limits.getOrDefault(type, 0);
        int taken = counts.getOrDefault(type, 0);
        if (taken < limit || overflow < course.extraSessions()) {
            return;
        }
        String what = limit == 0 ? "has no " + type + " sessions" : "allows " + limit + " " + type + " sessions and " + taken + " are booked or used";
        throw new AdapterException(ErrorCode.PACKAGE_EXHAUSTED, "the package '" + pkg.getTitle() + "' (" + pkg.getUrl() + ") " + what
                + (course.extraSessions() > 0 ? ", and the " + course.extraSessions() + " extra sessions granted are used" : "")
                + ": the responsible therapist can grant extra sessions on the course (extension " + Canonical.EXT_EXTRA_SESSIONS + ")",
                at + ".extension('" + Canonical.EXT_COURSE + "')");
    }

    /** Refuses a place on a team session that is full. Locks the team until the transaction ends. */
    private void checkTeam(String teamId, Appointment session, String exceptId, String at) {
        StoredResource team = store.currentForUpdate("HealthcareService", teamId).orElseThrow();
        int capacity = TeamService.capacity(store.parse(team, HealthcareService.class));
        Integer taken = jdbc.queryForObject("select count(*) from session where team_id = ? and start_at = ? and status <> 'cancelled'"
                        + (exceptId == null ? "" : " and res_id <> ?"), Integer.class,
                exceptId == null ? new Object[] {teamId, utc(session)} : new Object[] {teamId, utc(session), exceptId});
        if (taken != null && taken >= capacity) {
            throw new AdapterException(ErrorCode.TEAM_FULL, "the team session at " + session.getStartElement().getValueAsString()
                    + " has all its " + capacity + " places taken", at + ".participant");
        }
    }

    private static java.time.OffsetDateTime utc(Appointment session) {
        return session.getStart().toInstant().atOffset(ZoneOffset.UTC);
    }

    private void index(Appointment session, Resolved resolved, boolean replace) {
        String id = session.getIdElement().getIdPart();
        SessionSummaries.Before before = SessionSummaries.Before.NONE;
        if (replace) {
            before = summaries.before(id);
            jdbc.update("delete from session where res_id = ?", id);
            jdbc.update("delete from session_actor where session_id = ?", id);
        }
        jdbc.update("insert into session (res_id, course_id, patient_id, plan_id, session_type, status, start_at, end_at, team_id, cancel_reason, "
                        + "place, last_updated) values (?,?,?,?,?,?,?,?,?,?,?,?)", id, resolved.course().id(), resolved.patientId(),
                resolved.course().planId(), SessionType.of(session), session.getStatus().toCode(), utc(session),
                session.getEnd().toInstant().atOffset(ZoneOffset.UTC), resolved.teamId(), cancellationReason(session),
                SessionPlace.of(session), session.getMeta().getLastUpdated().toInstant().atOffset(ZoneOffset.UTC));
        List<Object[]> actors = new ArrayList<>();
        actors.add(new Object[] {id, "Patient", resolved.patientId()});
        resolved.practitionerIds().forEach(p -> actors.add(new Object[] {id, "Practitioner", p}));
        if (resolved.teamId() != null) {
            actors.add(new Object[] {id, "HealthcareService", resolved.teamId()});
        }
        jdbc.batchUpdate("insert into session_actor (session_id, actor_type, actor_id) values (?,?,?)", actors);
        summaries.stored(resolved.course().id(), resolved.course().planId(), before, resolved.teamId(),
                session.getStatus() == AppointmentStatus.FULFILLED, utc(session), session.getEnd().toInstant().atOffset(ZoneOffset.UTC));
    }

    /** The consequences of a session's new state for its course and plan. {@code from} is null for a new session. */
    private void afterChange(CourseService.Row course, Appointment session, AppointmentStatus from) {
        courses.recount(course.id());
        AppointmentStatus to = session.getStatus();
        if (to != from) {
            if (to == AppointmentStatus.NOSHOW) {
                courses.markForReassessment(course.id(), "noshow");
            } else if (to == AppointmentStatus.CANCELLED && String.valueOf(cancellationReason(session)).startsWith("citizen")) {
                Integer n = jdbc.queryForObject("select count(*) from session where course_id = ? and status = 'cancelled' "
                        + "and cancel_reason like 'citizen%'", Integer.class, course.id());
                if (n != null && n > 0 && n % properties.courses().cancellationsBeforeReassessment() == 0) {
                    courses.markForReassessment(course.id(), "cancellations");
                }
            } else if (to == AppointmentStatus.FULFILLED && "assessment".equals(SessionType.of(session)) && course.reassessment() != null) {
                courses.clearReassessment(course.id());
            }
        }
        if (course.planId() != null && from == null) {
            offerFirstMeeting(course.planId(), session);
        }
    }

    /** The first session offered on a plan's course sets the plan's offered start (occurrencePeriod.start), once. */
    private void offerFirstMeeting(String planId, Appointment session) {
        List<Object> offered = jdbc.queryForList("select offered_start from plan where res_id = ?", Object.class, planId);
        if (offered.isEmpty() || offered.get(0) != null) {
            return;
        }
        ServiceRequest plan = plans.read(planId).copy();
        plan.setOccurrence(new Period().setStartElement(new DateTimeType(session.getStart(), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(properties.zone()))));
        plan.getMeta().setVersionId(null);
        PlanService.Resolved resolved = plans.checkAndResolve(plan, "ServiceRequest", WriteScope.single());
        plans.update(planId, plan, resolved, null);
    }

    public Appointment read(String id) {
        return store.read(Appointment.class, id);
    }
}
