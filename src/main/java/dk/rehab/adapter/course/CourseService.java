package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.catalogue.ServiceCatalogue;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatusHistoryComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The course ({@code rehab-course}, an EpisodeOfCare): checks it, resolves its references, enforces the status
 * life cycle (planned/waitlist → active → finished/cancelled, recorded in statusHistory), keeps the {@code course}
 * projection, and publishes {@link CourseFinished} inside the transaction that finishes a course. The session
 * counts and the re-assessment mark are computed: {@link #decorate} adds them to what clients read. Runs inside
 * the caller's transaction.
 */
@Service
public class CourseService {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final ReferenceResolver references;
    private final ExtensionPolicy extensions;
    private final ServiceCatalogue catalogue;
    private final ApplicationEventPublisher events;
    private final AdapterProperties properties;

    public CourseService(ResourceStore store, JdbcTemplate jdbc, ReferenceResolver references, ExtensionPolicy extensions,
                         ServiceCatalogue catalogue, ApplicationEventPublisher events, AdapterProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.references = references;
        this.extensions = extensions;
        this.catalogue = catalogue;
        this.events = events;
        this.properties = properties;
    }

    /** What a checked course refers to. {@code pkg} is null for a course without a package. */
    public record Resolved(String patientId, String planId, String careManagerId, PlanDefinition pkg) {
    }

    /** The course's row: what the rules about sessions need. */
    public record Row(String id, String patientId, String planId, String status, String packageUrl, Integer packageSessions,
                      int extraSessions, int sessionsTaken, String reassessment, Instant reassessmentSince) {
        public boolean open() {
            return !"finished".equals(status) && !"cancelled".equals(status);
        }
    }

    public Resolved checkAndResolve(EpisodeOfCare course, String at, WriteScope scope) {
        Problems problems = new Problems();
        course.getExtension().removeIf(e -> CourseRules.COMPUTED.contains(e.getUrl()));
        extensions.requireSingleExtensions(course, at);
        CourseRules.check(course, at, problems);
        extensions.check(course, at, problems);
        String patientId = course.hasPatient() ? references.resolve(course.getPatient(), "Patient", at + ".patient", problems, scope) : null;
        if (course.hasManagingOrganization()) {
            references.resolve(course.getManagingOrganization(), "Organization", at + ".managingOrganization", problems, scope);
        }
        String careManagerId = course.hasCareManager()
                ? references.resolve(course.getCareManager(), "Practitioner", at + ".careManager", problems, scope) : null;
        String planId = null;
        if (course.getReferralRequest().size() == 1) {
            String where = at + ".referralRequest[0]";
            planId = references.resolve(course.getReferralRequestFirstRep(), "ServiceRequest", where, problems, scope);
            if (planId != null) {
                Map<String, Object> plan = jdbc.queryForMap("select patient_id, municipal, kind from plan where res_id = ?", planId);
                boolean jobcenterCourse = dk.rehab.adapter.jobcenter.JobcenterReferrals.isJobcenterCourse(CourseRules.legalBasis(course));
                if (jobcenterCourse != dk.rehab.adapter.jobcenter.JobcenterReferrals.KIND.equals(plan.get("kind"))) {
                    problems.add(ErrorCode.INVALID_REFERENCE, jobcenterCourse ? "a Jobcenter course answers a Jobcenter referral, not a hospital's plan"
                            : "a " + CourseCodes.LEGAL_BASIS_PLAN + " course answers a hospital's plan, not a Jobcenter referral", where);
                }
                if (patientId != null && !patientId.equals(plan.get("patient_id"))) {
                    problems.add(ErrorCode.INVALID_REFERENCE, "the plan belongs to another citizen than the course", where);
                }
                if (!Boolean.TRUE.equals(plan.get("municipal"))) {
                    problems.add(ErrorCode.INVALID_VALUE, "the plan is specialised: the region, not the municipality, delivers it", where);
                }
            }
        }
        List<Extension> grants = course.getExtensionsByUrl(Canonical.EXT_EXTRA_SESSIONS);
        for (int i = 0; i < grants.size(); i++) {
            Extension by = grants.get(i).getExtensionByUrl("grantedBy");
            if (by != null && by.getValue() instanceof Reference ref) {
                references.resolve(ref, "Practitioner", at + ".extension('" + Canonical.EXT_EXTRA_SESSIONS + "')[" + i
                        + "].extension('grantedBy').value", problems, scope);
            }
        }
        PlanDefinition pkg = null;
        String packageUrl = CourseRules.packageUrl(course);
        if (packageUrl != null) {
            String where = at + ".extension('" + Canonical.EXT_COURSE_PACKAGE + "').value";
            pkg = catalogue.find(packageUrl).orElse(null);
            if (pkg == null) {
                problems.add(ErrorCode.UNKNOWN_PACKAGE, "the service catalogue has no package " + packageUrl + " (see GET /fhir/PlanDefinition)", where);
            } else {
                String group = CourseRules.diagnosisGroup(course);
                String packageGroup = ServiceCatalogue.diagnosisGroup(pkg);
                if (group != null && !CourseCodes.sameGroup(group, packageGroup)) {
                    problems.add(ErrorCode.INVALID_VALUE, "the package " + pkg.getTitle() + " is for diagnosis group '" + packageGroup
                            + "', the course's group is '" + group + "'", where);
                }
            }
        }
        problems.throwIfAny();
        return new Resolved(patientId, planId, careManagerId, pkg);
    }

    public WriteOutcome<EpisodeOfCare> create(EpisodeOfCare course, Resolved resolved, String at) {
        if (course.getStatus() == EpisodeOfCareStatus.ONHOLD) {
            throw new AdapterException(ErrorCode.INVALID_VALUE, "a course starts as planned, waitlist or active; onhold is set by the "
                    + "adapter while the citizen is in hospital (hospital notifications)", at + ".status");
        }
        if (CourseRules.CLOSED.contains(course.getStatus())) {
            throw new AdapterException(ErrorCode.INVALID_TRANSITION, "a course starts as planned, waitlist or active, not "
                    + course.getStatus().toCode(), at + ".status");
        }
        Instant now = now();
        if (course.getStatus() == EpisodeOfCareStatus.ACTIVE) {
            checkMayStart(resolved.planId(), at);
            if (!course.hasPeriod() || !course.getPeriod().hasStart()) {
                course.getPeriod().setStartElement(new DateTimeType(Date.from(now)));
            }
        }
        String openKey = openKey(course, resolved);
        Optional<String> open = jdbc.queryForList("select res_id from course where open_key = ?", String.class, openKey).stream().findFirst();
        if (open.isPresent()) {
            throw new AdapterException(ErrorCode.COURSE_ALREADY_OPEN, "the citizen already has an open course "
                    + (resolved.planId() != null ? "for this plan" : "with this legal basis and diagnosis group") + ": EpisodeOfCare/"
                    + open.get() + "; finish or cancel it first", at + (resolved.planId() != null ? ".referralRequest[0]" : ".patient"));
        }
        course.setStatusHistory(new java.util.ArrayList<>());
        course.addStatusHistory().setStatus(course.getStatus()).setPeriod(new Period().setStartElement(new DateTimeType(Date.from(now))));
        course.setId((String) null);
        course.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_COURSE)));
        EpisodeOfCare stored = store.create(course);
        String id = stored.getIdElement().getIdPart();
        jdbc.update("insert into course (res_id, patient_id, plan_id, care_manager_id, status, legal_basis, diagnosis_group, level_code, "
                        + "package_url, period_start, period_end, package_sessions, extra_sessions, sessions_taken, open_key, last_updated, end_reason, created) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)",
                id, resolved.patientId(), resolved.planId(), resolved.careManagerId(), stored.getStatus().toCode(),
                CourseRules.legalBasis(stored), CourseRules.diagnosisGroup(stored), CourseRules.level(stored), CourseRules.packageUrl(stored),
                utc(stored.getPeriod().getStart()), utc(stored.getPeriod().getEnd()),
                resolved.pkg() == null ? null : ServiceCatalogue.totalSessions(resolved.pkg()), CourseRules.extraSessions(stored),
                openKey, utc(stored.getMeta().getLastUpdated()), CourseRules.endReason(stored), utc(stored.getMeta().getLastUpdated()));
        store.indexIdentifiers("EpisodeOfCare", id, stored.getIdentifier());
        return new WriteOutcome<>(decorate(stored), true);
    }

    public EpisodeOfCare update(String id, EpisodeOfCare course, Resolved resolved, Integer ifMatch) {
        StoredResource current = ResourceUpdates.lockCurrent(store, "EpisodeOfCare", id, ifMatch, "courses");
        EpisodeOfCare before = store.parse(current, EpisodeOfCare.class);
        Problems problems = new Problems();
        if (!before.getPatient().getReference().equals(course.getPatient().getReference())) {
            problems.add(ErrorCode.INVALID_VALUE, "a course's citizen cannot change", "EpisodeOfCare.patient");
        }
        String planBefore = before.hasReferralRequest() ? before.getReferralRequestFirstRep().getReference() : null;
        String planAfter = course.hasReferralRequest() ? course.getReferralRequestFirstRep().getReference() : null;
        if (!java.util.Objects.equals(planBefore, planAfter)) {
            problems.add(ErrorCode.INVALID_VALUE, "a course's plan cannot change", "EpisodeOfCare.referralRequest");
        }
        List<Extension> oldGrants = before.getExtensionsByUrl(Canonical.EXT_EXTRA_SESSIONS);
        List<Extension> newGrants = course.getExtensionsByUrl(Canonical.EXT_EXTRA_SESSIONS);
        boolean kept = newGrants.size() >= oldGrants.size();
        for (int i = 0; kept && i < oldGrants.size(); i++) {
            kept = sameGrant(oldGrants.get(i), newGrants.get(i));
        }
        if (!kept) {
            problems.add(ErrorCode.INVALID_VALUE, "grants of extra sessions are a record: add new grants after the existing ones, "
                    + "never change or remove one", "EpisodeOfCare.extension('" + Canonical.EXT_EXTRA_SESSIONS + "')");
        }
        EpisodeOfCareStatus from = before.getStatus();
        EpisodeOfCareStatus to = course.getStatus();
        if (!CourseRules.allowed(from, to)) {
            problems.add(ErrorCode.INVALID_TRANSITION, "a course cannot go from " + from.toCode() + " to " + to.toCode()
                    + " (planned/waitlist → active → finished; planned/waitlist/active → cancelled)", "EpisodeOfCare.status");
        }
        problems.throwIfAny();
        Instant now = now();
        if (to == EpisodeOfCareStatus.ACTIVE && from != EpisodeOfCareStatus.ACTIVE) {
            checkMayStart(resolved.planId(), "EpisodeOfCare");
        }
        course.setStatusHistory(before.getStatusHistory());
        if (from != to) {
            if (!course.getStatusHistory().isEmpty()) {
                course.getStatusHistory().get(course.getStatusHistory().size() - 1).getPeriod().setEndElement(new DateTimeType(Date.from(now)));
            }
            course.addStatusHistory(new EpisodeOfCareStatusHistoryComponent().setStatus(to)
                    .setPeriod(new Period().setStartElement(new DateTimeType(Date.from(now)))));
        }
        if (before.hasPeriod() && before.getPeriod().hasStart() && !course.getPeriod().hasStart()) {
            course.getPeriod().setStartElement(before.getPeriod().getStartElement());
        }
        if (to == EpisodeOfCareStatus.ACTIVE && !course.getPeriod().hasStart()) {
            course.getPeriod().setStartElement(new DateTimeType(Date.from(now)));
        }
        if (CourseRules.CLOSED.contains(to) && !course.getPeriod().hasEnd()) {
            course.getPeriod().setEndElement(new DateTimeType(Date.from(now)));
        }
        course.setId(id);
        course.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_COURSE)));
        EpisodeOfCare stored = store.update(course, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the course was changed by someone else meanwhile", null));
        jdbc.update("update course set care_manager_id = ?, status = ?, legal_basis = ?, diagnosis_group = ?, level_code = ?, package_url = ?, "
                        + "period_start = ?, period_end = ?, package_sessions = ?, extra_sessions = ?, open_key = ?, last_updated = ?, end_reason = ? where res_id = ?",
                resolved.careManagerId(), to.toCode(), CourseRules.legalBasis(stored), CourseRules.diagnosisGroup(stored), CourseRules.level(stored),
                CourseRules.packageUrl(stored), utc(stored.getPeriod().getStart()), utc(stored.getPeriod().getEnd()),
                resolved.pkg() == null ? null : ServiceCatalogue.totalSessions(resolved.pkg()), CourseRules.extraSessions(stored),
                CourseRules.CLOSED.contains(to) ? null : openKey(stored, resolved), utc(stored.getMeta().getLastUpdated()),
                CourseRules.endReason(stored), id);
        store.reindexIdentifiers("EpisodeOfCare", id, stored.getIdentifier());
        if (to == EpisodeOfCareStatus.FINISHED && from != EpisodeOfCareStatus.FINISHED) {
            events.publishEvent(new CourseFinished(id, resolved.patientId(), resolved.planId()));
        }
        return decorate(stored);
    }

    private static boolean sameGrant(Extension a, Extension b) {
        return a.equalsDeep(b);
    }

    /**
     * A course with a plan may start only if its first meeting lies on or before the plan's free-choice date, or the
     * free-choice offer is recorded on the plan (request-statusReason Frit valg or Frit valg afslået).
     */
    private void checkMayStart(String planId, String at) {
        if (planId == null) {
            return;
        }
        Map<String, Object> plan = jdbc.queryForMap("select offered_start, free_choice_date from plan where res_id = ?", planId);
        if (plan.get("free_choice_date") == null) {
            return; // a Jobcenter referral: no free choice of provider
        }
        LocalDate freeChoice = localDate(plan.get("free_choice_date"));
        LocalDate offered = plan.get("offered_start") == null ? LocalDate.now(properties.zone()) : localDate(plan.get("offered_start"));
        if (!offered.isAfter(freeChoice)) {
            return;
        }
        ServiceRequest sr = store.read(ServiceRequest.class, planId);
        Extension reason = sr.getExtensionByUrl(Canonical.EXT_STATUS_REASON);
        boolean recorded = reason != null && reason.getValue() instanceof CodeableConcept cc && cc.getCoding().stream()
                .anyMatch(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()) && (Canonical.STATUS_REASON_FRIT_VALG.equals(c.getCode())
                        || Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET.equals(c.getCode())));
        if (!recorded) {
            throw new AdapterException(ErrorCode.FREE_CHOICE_OFFER_MISSING, "the first meeting (" + offered + ") lies after the plan's "
                    + "free-choice date (" + freeChoice + "): record on the plan (ServiceRequest/" + planId + ", extension "
                    + Canonical.EXT_STATUS_REASON + ") that free choice was offered and taken (Frit valg) or declined (Frit valg afslået) "
                    + "before the course starts", at + ".status");
        }
    }

    private static LocalDate localDate(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        return LocalDate.parse(value.toString().substring(0, 10));
    }

    private static String openKey(EpisodeOfCare course, Resolved resolved) {
        return resolved.planId() != null ? "plan:" + resolved.planId()
                : "direct:" + resolved.patientId() + ":" + CourseRules.legalBasis(course) + ":" + CourseRules.diagnosisGroup(course);
    }

    public Optional<Row> row(String id) {
        return jdbc.query("select res_id, patient_id, plan_id, status, package_url, package_sessions, extra_sessions, sessions_taken, "
                + "reassessment, reassessment_since from course where res_id = ?", (rs, n) -> new Row(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getInt(7), rs.getInt(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class) == null ? null : rs.getObject(10, OffsetDateTime.class).toInstant()), id)
                .stream().findFirst();
    }

    /** Locks the course (until the transaction ends) and returns its row: serialises bookings on one course. */
    public Optional<Row> lock(String id) {
        if (store.currentForUpdate("EpisodeOfCare", id).isEmpty()) {
            return Optional.empty();
        }
        return row(id);
    }

    public Optional<PlanDefinition> packageOf(Row row) {
        return row.packageUrl() == null ? Optional.empty() : catalogue.find(row.packageUrl());
    }

    /** Recounts the course's training sessions (booked, attended, missed) after a session changed. */
    public void recount(String courseId) {
        jdbc.update("update course set sessions_taken = (select count(*) from session s where s.course_id = ? "
                + "and s.status <> 'cancelled' and s.session_type <> 'assessment') where res_id = ?", courseId, courseId);
    }

    public void markForReassessment(String courseId, String reason) {
        jdbc.update("update course set reassessment = ?, reassessment_since = ? where res_id = ?", reason, utc(Date.from(now())), courseId);
    }

    public void clearReassessment(String courseId) {
        jdbc.update("update course set reassessment = null, reassessment_since = null where res_id = ?", courseId);
    }

    /** Adds the computed extensions (session usage, re-assessment) to a course as it is now. */
    public EpisodeOfCare decorate(EpisodeOfCare course) {
        decorateAll(List.of(course));
        return course;
    }

    public void decorateAll(Collection<EpisodeOfCare> courses) {
        if (courses.isEmpty()) {
            return;
        }
        Map<String, EpisodeOfCare> byId = new HashMap<>();
        courses.forEach(c -> byId.put(c.getIdElement().getIdPart(), c));
        org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc);
        Map<String, int[]> counts = new HashMap<>();
        named.query("select course_id, status, count(*) from session where course_id in (:ids) and session_type <> 'assessment' "
                + "group by course_id, status", Map.of("ids", byId.keySet()), rs -> {
            int[] c = counts.computeIfAbsent(rs.getString(1), k -> new int[4]);
            int n = rs.getInt(3);
            switch (rs.getString(2)) {
                case "booked" -> c[0] += n;
                case "fulfilled" -> c[1] += n;
                case "noshow" -> c[2] += n;
                default -> c[3] += n;
            }
        });
        named.query("select res_id, package_sessions, extra_sessions, reassessment, reassessment_since from course where res_id in (:ids)",
                Map.of("ids", byId.keySet()), rs -> {
                    EpisodeOfCare course = byId.get(rs.getString(1));
                    Integer pkg = (Integer) rs.getObject(2);
                    int extra = rs.getInt(3);
                    int[] c = counts.getOrDefault(rs.getString(1), new int[4]);
                    course.getExtension().removeIf(e -> CourseRules.COMPUTED.contains(e.getUrl()));
                    Extension usage = course.addExtension().setUrl(Canonical.EXT_SESSION_USAGE);
                    if (pkg != null) {
                        usage.addExtension("package", new IntegerType(pkg));
                    }
                    usage.addExtension("extra", new IntegerType(extra));
                    usage.addExtension("used", new IntegerType(c[1] + c[2]));
                    usage.addExtension("booked", new IntegerType(c[0]));
                    if (pkg != null) {
                        usage.addExtension("remaining", new IntegerType(Math.max(0, pkg + extra - c[0] - c[1] - c[2])));
                    }
                    usage.addExtension("attended", new IntegerType(c[1]));
                    usage.addExtension("noshow", new IntegerType(c[2]));
                    usage.addExtension("cancelled", new IntegerType(c[3]));
                    if (rs.getString(4) != null) {
                        Extension mark = course.addExtension().setUrl(Canonical.EXT_REASSESSMENT);
                        mark.addExtension("reason", new CodeType(rs.getString(4)));
                        mark.addExtension("since", new DateTimeType(Date.from(rs.getObject(5, OffsetDateTime.class).toInstant())));
                    }
                });
    }

    public EpisodeOfCare read(String id) {
        return decorate(store.read(EpisodeOfCare.class, id));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static OffsetDateTime utc(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }
}
