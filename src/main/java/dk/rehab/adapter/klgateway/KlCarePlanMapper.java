package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.fhir.Canonical;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * The adapter's course ({@code rehab-course} EpisodeOfCare) and its parts to KL's CarePlans. Pure.
 * <ul>
 *   <li>{@link #course}: the course as {@code klgateway-140-care-plan}, category "Interventionsforløb efter §140",
 *       {@code BasedOnServiceRequestExtension} = the plan, period = the course period (start: the course start, else the
 *       day the course was opened), one activity whose status says where the course stands and whose
 *       {@code statusReason} (KL's CancellationTypes = the course end reason) says why a cancelled course ended;
 *       performer = the centre.</li>
 *   <li>{@link #assessment}: the initial assessment (sessions of type {@code assessment}) as
 *       {@code klgateway-140-planned-intervention} "Terapeutfaglig udredning", delivered individually.</li>
 * </ul>
 * The training sessions are reported against the course CarePlan (as KL's own example does for Ruddi's first training
 * contact): the adapter does not record which FSIII training intervention (Fysisk træning, Funktionstræning, …) a package
 * delivers, so no training planned-intervention is made up.
 */
public final class KlCarePlanMapper {
    static final String ASSESSMENT_SUFFIX = "-udredning";

    private KlCarePlanMapper() {
    }

    public static CarePlan course(EpisodeOfCare course, List<KlSession> sessions) {
        CarePlan kl = new CarePlan();
        kl.setId(course.getIdElement().getIdPart());
        Kl.profile(kl, Kl.CARE_PLAN);
        basedOn(kl, course);
        kl.setStatus(status(course.getStatus()));
        kl.setIntent(CarePlan.CarePlanIntent.PLAN);
        kl.addCategory(Kl.concept(Kl.CARE_SOCIAL, Kl.CATEGORY_INTERVENTION_COURSE, "Interventionsforløb efter §140"));
        kl.setSubject(new Reference(course.getPatient().getReference()));
        kl.setPeriod(period(start(course), course.getPeriod().getEnd()));
        CarePlan.CarePlanActivityDetailComponent detail = kl.addActivity().getDetail();
        boolean held = sessions.stream().anyMatch(KlSession::held);
        detail.setStatus(switch (course.getStatus()) {
            case PLANNED, WAITLIST -> CarePlan.CarePlanActivityStatus.NOTSTARTED;
            case ACTIVE -> CarePlan.CarePlanActivityStatus.INPROGRESS;
            case ONHOLD -> CarePlan.CarePlanActivityStatus.ONHOLD;
            case FINISHED -> CarePlan.CarePlanActivityStatus.COMPLETED;
            case CANCELLED -> held ? CarePlan.CarePlanActivityStatus.STOPPED : CarePlan.CarePlanActivityStatus.CANCELLED;
            case ENTEREDINERROR -> CarePlan.CarePlanActivityStatus.ENTEREDINERROR;
            default -> CarePlan.CarePlanActivityStatus.UNKNOWN;
        });
        if (course.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.CANCELLED) {
            endReason(course).ifPresent(c -> detail.setStatusReason(new CodeableConcept(c)));
        }
        if (course.hasManagingOrganization()) {
            detail.addPerformer(new Reference(course.getManagingOrganization().getReference()));
        }
        return kl;
    }

    /** The course's assessment as a planned intervention; empty when the course has no assessment session. */
    public static Optional<CarePlan> assessment(EpisodeOfCare course, List<KlSession> sessions) {
        List<KlSession> assessments = sessions.stream().filter(KlSession::isAssessment).toList();
        if (assessments.isEmpty()) {
            return Optional.empty();
        }
        CarePlan kl = new CarePlan();
        kl.setId(assessmentId(course.getIdElement().getIdPart()));
        Kl.profile(kl, Kl.PLANNED_INTERVENTION);
        basedOn(kl, course);
        kl.setStatus(status(course.getStatus()));
        kl.setIntent(CarePlan.CarePlanIntent.PLAN);
        kl.setSubject(new Reference(course.getPatient().getReference()));
        List<KlSession> held = assessments.stream().filter(KlSession::held).toList();
        Date first = assessments.stream().map(KlSession::start).min(Comparator.naturalOrder()).orElseThrow();
        Date lastHeld = held.stream().map(KlSession::end).max(Comparator.naturalOrder()).orElse(null);
        kl.setPeriod(period(first, held.isEmpty() ? null : lastHeld));
        CarePlan.CarePlanActivityDetailComponent detail = kl.addActivity().getDetail();
        detail.addExtension(Kl.EXT_DELIVERY_TYPE, Kl.concept(Kl.CARE_SOCIAL, Kl.DELIVERY_INDIVIDUAL, "Individuel indsats"));
        detail.setCode(Kl.concept(Kl.FSIII, Kl.INTERVENTION_ASSESSMENT, "Terapeutfaglig udredning"));
        detail.setStatus(!held.isEmpty() ? CarePlan.CarePlanActivityStatus.COMPLETED
                : assessments.stream().anyMatch(s -> s.status() == Appointment.AppointmentStatus.BOOKED)
                ? CarePlan.CarePlanActivityStatus.SCHEDULED : CarePlan.CarePlanActivityStatus.CANCELLED);
        if (course.hasManagingOrganization()) {
            detail.addPerformer(new Reference(course.getManagingOrganization().getReference()));
        }
        return Optional.of(kl);
    }

    static String assessmentId(String courseId) {
        return courseId + ASSESSMENT_SUFFIX;
    }

    private static void basedOn(CarePlan kl, EpisodeOfCare course) {
        course.getReferralRequest().stream().filter(r -> r.hasReference() && r.getReference().startsWith("ServiceRequest/")).findFirst()
                .ifPresent(r -> kl.addExtension(Kl.EXT_BASED_ON_SERVICE_REQUEST, new Reference(r.getReference())));
    }

    private static CarePlan.CarePlanStatus status(EpisodeOfCare.EpisodeOfCareStatus status) {
        return switch (status) {
            case PLANNED, WAITLIST, ACTIVE -> CarePlan.CarePlanStatus.ACTIVE;
            case ONHOLD -> CarePlan.CarePlanStatus.ONHOLD;
            case FINISHED -> CarePlan.CarePlanStatus.COMPLETED;
            case CANCELLED -> CarePlan.CarePlanStatus.REVOKED;
            case ENTEREDINERROR -> CarePlan.CarePlanStatus.ENTEREDINERROR;
            default -> CarePlan.CarePlanStatus.UNKNOWN;
        };
    }

    /** The course start; for a course that never started, the day it was opened (its first status). */
    private static Date start(EpisodeOfCare course) {
        if (course.getPeriod().hasStart()) {
            return course.getPeriod().getStart();
        }
        return course.getStatusHistory().stream().filter(h -> h.getPeriod().hasStart()).map(h -> h.getPeriod().getStart())
                .min(Comparator.naturalOrder()).orElse(null);
    }

    private static Period period(Date start, Date end) {
        Period p = new Period();
        if (start != null) {
            p.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(Kl.day(start).getValueAsString()));
        }
        if (end != null) {
            p.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(Kl.day(end).getValueAsString()));
        }
        return p;
    }

    private static Optional<Coding> endReason(EpisodeOfCare course) {
        Extension e = course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON);
        if (e != null && e.getValue() instanceof CodeableConcept cc) {
            return cc.getCoding().stream().filter(c -> Kl.CARE_SOCIAL.equals(c.getSystem()))
                    .map(c -> new Coding(c.getSystem(), c.getCode(), c.getDisplay())).findFirst();
        }
        return Optional.empty();
    }
}
