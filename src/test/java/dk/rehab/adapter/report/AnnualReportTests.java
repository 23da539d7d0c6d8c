package dk.rehab.adapter.report;

import static dk.rehab.adapter.support.FunctionalStatus.FORFLYTTE_SIG;
import static dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD;
import static dk.rehab.adapter.support.FunctionalStatus.MOBILITET;
import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.TestTokens;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The annual report over a small data set made through the API (see {@link ReportData}), whose every count is known:
 * each table's numbers exactly, the CSV, the asynchronous flow, each bad parameter, and who may call it.
 */
@Import(AnnualReportTests.HeldReports.class)
abstract class AnnualReportTests extends IntegrationTest {
    private static final Map<Integer, Object> DATA = new ConcurrentHashMap<>();

    /** Asynchronous reports wait in a queue until the test releases them, so the test sees the job before it runs. */
    static class HeldExecutor extends ReportExecutor {
        final List<Runnable> held = new ArrayList<>();

        HeldExecutor() {
            super(1);
        }

        @Override
        public synchronized void execute(Runnable task) {
            held.add(task);
        }

        synchronized void releaseAll() {
            held.forEach(super::execute);
            held.clear();
        }
    }

    @TestConfiguration
    static class HeldReports {
        @Bean
        @Primary
        HeldExecutor heldReportExecutor() {
            return new HeldExecutor();
        }
    }

    @Autowired
    HeldExecutor executor;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    AnnualReport annualReport;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Autowired
    ReportSnapshot snapshot;

    ReportData data;

    @BeforeEach
    void data() {
        Object made = DATA.computeIfAbsent(port, p -> {
            try {
                return build(new ReportData(http));
            } catch (RuntimeException | AssertionError e) {
                return e; // once: the other tests fail at once with the same cause
            }
        });
        if (made instanceof Throwable t) {
            throw new IllegalStateException("the test data could not be made", t);
        }
        data = (ReportData) made;
    }

    static final String ALMEN = Canonical.PLAN_TYPE_ALMEN;

    private static ReportData build(ReportData d) {
        // plans: six received in 2019 (local time); three at its edges or withdrawn, which do not count
        String p1 = d.patient();
        d.plan("P1", p1, d.hospital1, LocalDateTime.of(2019, 1, 15, 10, 0), ALMEN, null);
        String p2 = d.patient();
        d.plan("P2", p2, d.hospital1, LocalDateTime.of(2019, 1, 20, 10, 0), ALMEN, null);
        String p3 = d.patient();
        d.plan("P3", p3, d.hospital2, LocalDateTime.of(2019, 3, 5, 10, 0), Canonical.PLAN_TYPE_REHABILITERING, null);
        d.plan("P4", d.patient(), d.hospital2, LocalDateTime.of(2019, 3, 10, 10, 0), Canonical.PLAN_TYPE_SPECIALISERET, null);
        String p5 = d.patient();
        d.plan("P5", p5, d.hospital1, LocalDateTime.of(2019, 6, 1, 10, 0), ALMEN, Canonical.PLAN_LEVEL_BASAL);
        d.plan("P6", d.patient(), d.hospital2, LocalDateTime.of(2019, 12, 31, 23, 30), ALMEN, Canonical.PLAN_LEVEL_AVANCERET);
        d.plan("P7", d.patient(), d.hospital1, LocalDateTime.of(2018, 12, 31, 23, 30), ALMEN, null); // 2018 locally
        d.plan("P8", d.patient(), d.hospital1, LocalDateTime.of(2020, 1, 1, 0, 30), ALMEN, null); // 2019 in UTC, 2020 locally

        // C1 (P1): knee, individual package; finished, professional judged no further need
        String c1 = d.course(p1, d.plans.get("P1"), "sul-140", "knae-menisk");
        d.session(c1, p1, "assessment", LocalDate.of(2019, 1, 17), AppointmentStatus.FULFILLED, null, false);
        d.start(c1, LocalDate.of(2019, 1, 17), "knae-menisk-individuel");
        d.session(c1, p1, "individual", LocalDate.of(2019, 1, 20), AppointmentStatus.FULFILLED, null, false);
        d.session(c1, p1, "individual", LocalDate.of(2019, 1, 23), AppointmentStatus.CANCELLED, "citizen-ill", false);
        d.session(c1, p1, "individual", LocalDate.of(2019, 1, 26), AppointmentStatus.NOSHOW, null, false);
        d.session(c1, p1, "individual", LocalDate.of(2019, 1, 29), AppointmentStatus.CANCELLED, "centre", false);
        d.session(c1, p1, "individual", LocalDate.of(2019, 2, 1), AppointmentStatus.FULFILLED, null, false);
        d.assessment(p1, c1, LAVE_MAD, 4, "start", LocalDate.of(2019, 1, 16)); // superseded by the next
        d.assessment(p1, c1, LAVE_MAD, 3, "start", LocalDate.of(2019, 1, 17));
        d.assessment(p1, c1, LAVE_MAD, 1, "end", LocalDate.of(2019, 2, 28));
        d.assessment(p1, c1, FORFLYTTE_SIG, 2, "start", LocalDate.of(2019, 1, 17));
        d.assessment(p1, c1, FORFLYTTE_SIG, 2, "end", LocalDate.of(2019, 2, 28));
        d.end(c1, EpisodeOfCareStatus.FINISHED, LocalDate.of(2019, 3, 1), Canonical.END_REASON_NO_NEED_PROFESSIONAL);

        // C2 (P3): geriatrics, combination package on the team; cancelled, the citizen declined
        String c2 = d.course(p3, d.plans.get("P3"), "sul-140", "geriatri");
        d.session(c2, p3, "assessment", LocalDate.of(2019, 3, 8), AppointmentStatus.FULFILLED, null, false);
        d.start(c2, LocalDate.of(2019, 3, 8), "geriatri-kombination");
        d.session(c2, p3, "group", LocalDate.of(2019, 3, 12), AppointmentStatus.FULFILLED, null, true);
        d.session(c2, p3, "group", LocalDate.of(2019, 3, 15), AppointmentStatus.NOSHOW, null, true);
        d.session(c2, p3, "individual", LocalDate.of(2019, 3, 18), null, null, false);
        d.end(c2, EpisodeOfCareStatus.CANCELLED, LocalDate.of(2019, 4, 1), Canonical.END_REASON_DECLINED);

        // C3 (P2): first meeting after 10 days, never started; the specialised plan P4 has no course (the region delivers it)
        String c3 = d.course(p2, d.plans.get("P2"), "sul-140", "hofte");
        d.session(c3, p2, "assessment", LocalDate.of(2019, 1, 30), AppointmentStatus.FULFILLED, null, false);

        // C4 (P5): first meeting offered after 4 days and cancelled by the citizen, held after 7; finished, citizen's choice
        String c4 = d.course(p5, d.plans.get("P5"), "sul-140", "knae-menisk");
        d.session(c4, p5, "assessment", LocalDate.of(2019, 6, 5), AppointmentStatus.CANCELLED, "citizen-other", false);
        d.session(c4, p5, "assessment", LocalDate.of(2019, 6, 8), AppointmentStatus.FULFILLED, null, false);
        d.start(c4, LocalDate.of(2019, 6, 8), null);
        d.assessment(p5, c4, LAVE_MAD, 2, "start", LocalDate.of(2019, 6, 8));
        d.assessment(p5, c4, LAVE_MAD, 4, "start", LocalDate.of(2019, 6, 7)); // recorded after it, but earlier: the 2 stays the latest
        d.assessment(p5, c4, LAVE_MAD, 3, "end", LocalDate.of(2019, 7, 30));
        d.assessment(p5, c4, MOBILITET, 1, "start", LocalDate.of(2019, 6, 8));
        d.end(c4, EpisodeOfCareStatus.FINISHED, LocalDate.of(2019, 8, 1), Canonical.END_REASON_NO_NEED_CITIZEN);

        // today: one plan and two direct referrals (courses without a plan, registered today)
        d.plan("P10", d.patient(), d.hospital1, LocalDate.now(ReportData.ZONE).atTime(0, 5), ALMEN, null);
        d.course(d.patient(), null, "sel-86-1", "ryg-nakke");
        d.course(d.patient(), null, "sul-119", "hjerte-lunge");
        return d;
    }

    // ---- reading the answer

    Bundle report(String query) {
        Http.Response r = http.get("$annual-report?" + query);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.resource(Bundle.class);
    }

    MeasureReport table(String query, String table) {
        Bundle b = report(query + "&table=" + table);
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(b.getEntry()).hasSize(1);
        MeasureReport mr = (MeasureReport) b.getEntryFirstRep().getResource();
        assertThat(mr.getMeasure()).isEqualTo("http://rehab-adapter.dk/fhir/Measure/" + table);
        assertThat(mr.getStatus()).isEqualTo(MeasureReport.MeasureReportStatus.COMPLETE);
        assertThat(mr.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
        return mr;
    }

    static MeasureReport.MeasureReportGroupComponent group(MeasureReport mr, String code) {
        return mr.getGroup().stream().filter(g -> code.equals(g.getCode().getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + code));
    }

    static int count(MeasureReport mr, String group) {
        return group(mr, group).getPopulationFirstRep().getCount();
    }

    static MeasureReport.StratifierGroupComponent stratum(MeasureReport mr, String group, String stratifier, String value) {
        return group(mr, group).getStratifier().stream().filter(s -> stratifier.equals(s.getCodeFirstRep().getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no stratifier " + stratifier)).getStratum().stream()
                .filter(s -> value.equals(s.getValue().getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no stratum " + value + " in " + group + "/" + stratifier));
    }

    static int count(MeasureReport mr, String group, String stratifier, String value) {
        return stratum(mr, group, stratifier, value).getPopulationFirstRep().getCount();
    }

    static BigDecimal score(MeasureReport mr, String group, String stratifier, String value) {
        return stratum(mr, group, stratifier, value).getMeasureScore().getValue();
    }

    // ---- the tables

    @Test
    void plansReceivedByTypeLevelMonthOfReceiptAndHospital() {
        MeasureReport mr = table("year=2019", "plans-received");
        assertThat(mr.getPeriod().getStartElement().getValueAsString()).isEqualTo("2019-01-01");
        assertThat(mr.getPeriod().getEndElement().getValueAsString()).isEqualTo("2019-12-31");
        assertThat(count(mr, "plans")).isEqualTo(6);
        assertThat(count(mr, "plans", "plan-type", ALMEN)).isEqualTo(4);
        assertThat(count(mr, "plans", "plan-type", Canonical.PLAN_TYPE_REHABILITERING)).isEqualTo(1);
        assertThat(count(mr, "plans", "plan-type", Canonical.PLAN_TYPE_SPECIALISERET)).isEqualTo(1);
        assertThat(count(mr, "plans", "level", Canonical.PLAN_LEVEL_BASAL)).isEqualTo(1);
        assertThat(count(mr, "plans", "level", Canonical.PLAN_LEVEL_AVANCERET)).isEqualTo(1);
        assertThat(count(mr, "plans", "level", "none")).isEqualTo(4);
        int[] months = {2, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        for (int m = 1; m <= 12; m++) {
            assertThat(count(mr, "plans", "month", String.format("2019-%02d", m))).as("month %d", m).isEqualTo(months[m - 1]);
        }
        assertThat(count(mr, "plans", "hospital", data.hospital1)).isEqualTo(3);
        assertThat(count(mr, "plans", "hospital", data.hospital2)).isEqualTo(3);
        // the 2018 edge plan is in 2018, the UTC-2019 plan in 2020
        assertThat(count(table("year=2018", "plans-received"), "plans")).isEqualTo(1);
        assertThat(count(table("year=2020", "plans-received"), "plans")).isEqualTo(1);
        MeasureReport march = table("start=2019-03-01&end=2019-03-31", "plans-received");
        assertThat(count(march, "plans")).isEqualTo(2);
        assertThat(group(march, "plans").getStratifier().get(2).getStratum()).hasSize(1);
    }

    @Test
    void referralsByLegalBasis() {
        MeasureReport year = table("year=2019", "referrals-by-legal-basis");
        assertThat(count(year, "referrals")).isEqualTo(6);
        assertThat(count(year, "referrals", "legal-basis", "sul-140")).isEqualTo(6);
        assertThat(count(year, "referrals", "legal-basis", "sel-86-1")).isZero();
        String today = LocalDate.now(ReportData.ZONE).toString();
        MeasureReport now = table("start=" + today + "&end=" + today, "referrals-by-legal-basis");
        assertThat(count(now, "referrals")).isEqualTo(3);
        assertThat(count(now, "referrals", "legal-basis", "sul-140")).isEqualTo(1);
        assertThat(count(now, "referrals", "legal-basis", "sel-86-1")).isEqualTo(1);
        assertThat(count(now, "referrals", "legal-basis", "sul-119")).isEqualTo(1);
        assertThat(count(now, "referrals", "source", "hospital-plan")).isEqualTo(1);
        assertThat(count(now, "referrals", "source", "direct-referral")).isEqualTo(2);
        assertThat(score(now, "referrals", "source", "direct-referral")).isEqualByComparingTo("66.7");
    }

    @Test
    void coursesStartedFinishedCancelledByPackageTeamAndEndReason() {
        MeasureReport mr = table("year=2019", "courses");
        assertThat(count(mr, "started")).isEqualTo(3);
        assertThat(count(mr, "finished")).isEqualTo(2);
        assertThat(count(mr, "cancelled")).isEqualTo(1);
        assertThat(count(mr, "started", "legal-basis", "sul-140")).isEqualTo(3);
        assertThat(count(mr, "started", "diagnosis-group", "knae-menisk")).isEqualTo(2);
        assertThat(count(mr, "started", "diagnosis-group", "geriatri")).isEqualTo(1);
        assertThat(count(mr, "started", "package", "knae-menisk-individuel")).isEqualTo(1);
        assertThat(count(mr, "started", "package", "geriatri-kombination")).isEqualTo(1);
        assertThat(count(mr, "started", "package", "geriatri-styrkehold")).isZero();
        assertThat(count(mr, "started", "package", "none")).isEqualTo(1);
        assertThat(count(mr, "started", "team", data.team)).isEqualTo(1);
        assertThat(count(mr, "started", "team", "none")).isEqualTo(2);
        assertThat(count(mr, "finished", "end-reason", Canonical.END_REASON_NO_NEED_PROFESSIONAL)).isEqualTo(1);
        assertThat(count(mr, "finished", "end-reason", Canonical.END_REASON_NO_NEED_CITIZEN)).isEqualTo(1);
        assertThat(count(mr, "finished", "end-reason", Canonical.END_REASON_DECLINED)).isZero();
        assertThat(count(mr, "cancelled", "end-reason", Canonical.END_REASON_DECLINED)).isEqualTo(1);
        assertThat(count(mr, "cancelled", "team", data.team)).isEqualTo(1);
        assertThat(count(mr, "started", "month", "2019-01")).isEqualTo(1);
        assertThat(count(mr, "started", "month", "2019-03")).isEqualTo(1);
        assertThat(count(mr, "started", "month", "2019-06")).isEqualTo(1);
        assertThat(count(mr, "started", "month", "2019-02")).isZero();
        assertThat(count(mr, "finished", "month", "2019-03")).isEqualTo(1);
        assertThat(count(mr, "finished", "month", "2019-08")).isEqualTo(1);
        assertThat(count(mr, "cancelled", "month", "2019-04")).isEqualTo(1);
        assertThat(count(table("year=2018", "courses"), "started")).isZero();
    }

    @Test
    void sessionsByTypeAndOutcomeWithRates() {
        MeasureReport mr = table("year=2019", "sessions");
        assertThat(count(mr, "assessment")).isEqualTo(5);
        assertThat(count(mr, "assessment", "outcome", "held")).isEqualTo(4);
        assertThat(score(mr, "assessment", "outcome", "held")).isEqualByComparingTo("80.0");
        assertThat(count(mr, "assessment", "outcome", "cancelled-by-citizen")).isEqualTo(1);
        assertThat(score(mr, "assessment", "outcome", "cancelled-by-citizen")).isEqualByComparingTo("20.0");
        assertThat(count(mr, "individual")).isEqualTo(6);
        assertThat(count(mr, "individual", "outcome", "held")).isEqualTo(2);
        assertThat(score(mr, "individual", "outcome", "held")).isEqualByComparingTo("40.0");
        assertThat(count(mr, "individual", "outcome", "cancelled-by-citizen")).isEqualTo(1);
        assertThat(count(mr, "individual", "outcome", "cancelled-by-centre")).isEqualTo(1);
        assertThat(score(mr, "individual", "outcome", "cancelled-by-centre")).isEqualByComparingTo("20.0");
        assertThat(count(mr, "individual", "outcome", "noshow")).isEqualTo(1);
        assertThat(count(mr, "individual", "outcome", "booked")).isEqualTo(1);
        assertThat(stratum(mr, "individual", "outcome", "booked").hasMeasureScore()).isFalse();
        assertThat(count(mr, "group")).isEqualTo(2);
        assertThat(count(mr, "group", "outcome", "noshow")).isEqualTo(1);
        assertThat(score(mr, "group", "outcome", "noshow")).isEqualByComparingTo("50.0");
        assertThat(count(mr, "check-in")).isZero();
    }

    @Test
    void waitingTimesFromReceipt() {
        MeasureReport mr = table("year=2019", "waiting-times");
        String offered = "receipt-to-first-offered-session";
        assertThat(count(mr, offered)).isEqualTo(6);
        assertThat(count(mr, offered, "statistic", "with-date")).isEqualTo(4); // 2, 3, 4, 10 days
        assertThat(count(mr, offered, "statistic", "without-date")).isEqualTo(2);
        assertThat(score(mr, offered, "statistic", "median")).isEqualByComparingTo("3.5");
        assertThat(group(mr, offered).getMeasureScore().getValue()).isEqualByComparingTo("3.5");
        assertThat(score(mr, offered, "statistic", "mean")).isEqualByComparingTo("4.8");
        assertThat(count(mr, offered, "statistic", "within-4-days")).isEqualTo(3);
        assertThat(score(mr, offered, "statistic", "within-4-days")).isEqualByComparingTo("75.0");
        assertThat(count(mr, offered, "statistic", "within-7-days")).isEqualTo(3);
        String held = "receipt-to-first-held-session";
        assertThat(count(mr, held, "statistic", "with-date")).isEqualTo(4); // 2, 3, 7, 10 days
        assertThat(score(mr, held, "statistic", "median")).isEqualByComparingTo("5.0");
        assertThat(score(mr, held, "statistic", "mean")).isEqualByComparingTo("5.5");
        assertThat(count(mr, held, "statistic", "within-4-days")).isEqualTo(2);
        assertThat(score(mr, held, "statistic", "within-4-days")).isEqualByComparingTo("50.0");
        assertThat(count(mr, held, "statistic", "within-7-days")).isEqualTo(3);
        assertThat(score(mr, held, "statistic", "within-7-days")).isEqualByComparingTo("75.0");
    }

    @Test
    void functionalLevelsAtStartAndEndAndImprovement() {
        MeasureReport mr = table("year=2019", "functional-levels");
        assertThat(count(mr, "courses")).isEqualTo(2);
        assertThat(count(mr, "courses", "improvement", "improved")).isEqualTo(1);
        assertThat(score(mr, "courses", "improvement", "improved")).isEqualByComparingTo("50.0");
        assertThat(count(mr, "courses", "improvement", "not-improved")).isEqualTo(1);
        assertThat(count(mr, "courses", "improvement", "not-comparable")).isZero();
        assertThat(count(mr, LAVE_MAD)).isEqualTo(2);
        assertThat(count(mr, LAVE_MAD, "start-level", "3")).isEqualTo(1); // the later start assessment, not the 4
        assertThat(count(mr, LAVE_MAD, "start-level", "4")).isZero();
        assertThat(count(mr, LAVE_MAD, "start-level", "2")).isEqualTo(1);
        assertThat(count(mr, LAVE_MAD, "end-level", "1")).isEqualTo(1);
        assertThat(count(mr, LAVE_MAD, "end-level", "3")).isEqualTo(1);
        assertThat(count(mr, LAVE_MAD, "change", "improved")).isEqualTo(1);
        assertThat(count(mr, LAVE_MAD, "change", "worsened")).isEqualTo(1);
        assertThat(count(mr, FORFLYTTE_SIG, "change", "unchanged")).isEqualTo(1);
        assertThat(count(mr, MOBILITET, "end-level", "none")).isEqualTo(1);
        assertThat(count(mr, MOBILITET, "change", "not-comparable")).isEqualTo(1);
    }

    /**
     * The teams a course counts on follow its sessions as they are stored (course_team): a session moved from one team
     * to another takes the course off the first team when no other session of the course is left there, and a course
     * whose only team session leaves every team counts under "none". Its own year, so the 2019 scenario stays as it is.
     */
    @Test
    void aCourseCountsOnTheTeamsItsSessionsAreOnAfterASessionMoves() {
        String other = ReportData.id(http.json("HealthcareService", dk.rehab.adapter.support.Courses.team("Balancehold fredag", 8)),
                org.hl7.fhir.r4.model.HealthcareService.class);
        String patient = data.patient();
        // a plan of its own year: a course without a plan would count as today's direct referral
        String plan = data.plan("P2017", patient, data.hospital1, LocalDateTime.of(2017, 4, 28, 10, 0), ALMEN, null);
        String course = data.course(patient, plan, "sul-140", "ryg-nakke");
        data.session(course, patient, "assessment", LocalDate.of(2017, 4, 30), AppointmentStatus.FULFILLED, null, false);
        data.start(course, LocalDate.of(2017, 5, 1), null);
        String first = data.bookedOnTeam(course, patient, LocalDate.of(2017, 5, 2), data.team);
        data.bookedOnTeam(course, patient, LocalDate.of(2017, 5, 9), data.team);
        MeasureReport before = table("year=2017", "courses");
        assertThat(count(before, "started", "team", data.team)).isEqualTo(1);
        assertThat(teams(before)).doesNotContain(other);

        data.moveToTeam(first, other); // one session left on the first team: the course is on both
        MeasureReport both = table("year=2017", "courses");
        assertThat(count(both, "started", "team", data.team)).isEqualTo(1);
        assertThat(count(both, "started", "team", other)).isEqualTo(1);

        String second = data.sessionsOf(course).get(2); // [0] is the assessment
        data.moveToTeam(second, other); // none left on the first team
        MeasureReport after = table("year=2017", "courses");
        assertThat(count(after, "started", "team", other)).isEqualTo(1);
        assertThat(teams(after)).doesNotContain(data.team);
        assertThat(count(after, "started", "team", "none")).isZero();
    }

    /**
     * Held hours of a period from the calendar months wholly inside it (course_month_held) and the sessions at its edges
     * one by one: a period without a whole month, one with February whole and edges on both sides, and the year. The
     * held sessions of 2019 (45 minutes each): C1 on 17 and 20 January and 1 February, C3 on 30 January, C2 on 8 and
     * 12 March, C4 on 8 June.
     */
    @Test
    void heldHoursFromWholeMonthsAndTheEdgesOfThePeriod() {
        MeasureReport noWholeMonth = table("start=2019-01-18&end=2019-02-15", "citizens");
        assertThat(count(noWholeMonth, "held-hours")).isEqualTo(2); // C1 (20 Jan, 1 Feb), C3
        assertThat(group(noWholeMonth, "held-hours").getMeasureScore().getValue()).isEqualByComparingTo("2.3"); // 135 minutes
        MeasureReport february = table("start=2019-01-18&end=2019-03-31", "citizens");
        assertThat(count(february, "held-hours")).isEqualTo(3); // C1, C3, C2
        assertThat(group(february, "held-hours").getMeasureScore().getValue()).isEqualByComparingTo("3.8"); // 225 minutes
        MeasureReport year = table("year=2019", "citizens");
        assertThat(count(year, "held-hours")).isEqualTo(4);
        assertThat(group(year, "held-hours").getMeasureScore().getValue()).isEqualByComparingTo("5.3"); // 315 minutes
    }

    /**
     * Receipt to the first held session follows the plan's held sessions as they are stored (plan_first_held): a session
     * held earlier than the first moves it earlier, and a held session moved later gives the next one. Its own year.
     */
    @Test
    void theFirstHeldSessionFollowsHeldSessionsAsTheyAreStored() {
        String patient = data.patient();
        String plan = data.plan("P2016", patient, data.hospital1, LocalDateTime.of(2016, 3, 1, 10, 0), ALMEN, null);
        String course = data.course(patient, plan, "sul-140", "knae-menisk");
        data.session(course, patient, "assessment", LocalDate.of(2016, 3, 6), AppointmentStatus.FULFILLED, null, false);
        assertThat(daysToFirstHeld()).isEqualByComparingTo("5.0");
        data.session(course, patient, "assessment", LocalDate.of(2016, 3, 3), AppointmentStatus.FULFILLED, null, false);
        assertThat(daysToFirstHeld()).isEqualByComparingTo("2.0");
        data.moveSession(data.sessionsOf(course).get(0), LocalDate.of(2016, 4, 9)); // the one of 3 March, held, moved to April
        assertThat(daysToFirstHeld()).isEqualByComparingTo("5.0");
        // and the hours count it once, in its new month (course_month_held: out of March, into April)
        MeasureReport citizens = table("year=2016", "citizens");
        assertThat(group(citizens, "held-hours").getMeasureScore().getValue()).isEqualByComparingTo("1.5"); // 2 x 45 minutes
    }

    private BigDecimal daysToFirstHeld() {
        MeasureReport mr = table("year=2016", "waiting-times");
        assertThat(count(mr, "receipt-to-first-held-session", "statistic", "with-date")).isEqualTo(1);
        return score(mr, "receipt-to-first-held-session", "statistic", "median");
    }

    /** The team codes (ids) the started group's team stratifier lists with a count above zero. */
    private static List<String> teams(MeasureReport mr) {
        return group(mr, "started").getStratifier().stream().filter(s -> "team".equals(s.getCodeFirstRep().getText())).findFirst()
                .orElseThrow().getStratum().stream().filter(s -> s.getPopulationFirstRep().getCount() > 0)
                .map(s -> s.getValue().getText()).toList();
    }

    @Test
    void theWholeReportHasEveryTable() {
        Bundle b = report("year=2019");
        assertThat(b.getEntry()).extracting(e -> ((MeasureReport) e.getResource()).getMeasure()).containsExactly(
                "http://rehab-adapter.dk/fhir/Measure/plans-received", "http://rehab-adapter.dk/fhir/Measure/referrals-by-legal-basis",
                "http://rehab-adapter.dk/fhir/Measure/courses", "http://rehab-adapter.dk/fhir/Measure/sessions",
                "http://rehab-adapter.dk/fhir/Measure/session-hours", "http://rehab-adapter.dk/fhir/Measure/waiting-times",
                "http://rehab-adapter.dk/fhir/Measure/first-contact", "http://rehab-adapter.dk/fhir/Measure/free-choice",
                "http://rehab-adapter.dk/fhir/Measure/functional-levels", "http://rehab-adapter.dk/fhir/Measure/age-groups",
                "http://rehab-adapter.dk/fhir/Measure/citizens");
    }

    /**
     * The whole report (on PostgreSQL its tables computed on two connections that share one snapshot) gives each table
     * exactly as asking for that table alone does (one table: one transaction, on this thread).
     */
    @Test
    void theWholeReportGivesEveryTableAsAskingForItAlone() {
        Bundle whole = report("year=2019");
        org.hl7.fhir.r4.model.Bundle.BundleEntryComponent[] entries = whole.getEntry().toArray(new Bundle.BundleEntryComponent[0]);
        assertThat(entries).hasSize(11);
        ca.uhn.fhir.parser.IParser json = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser();
        for (Bundle.BundleEntryComponent entry : entries) {
            MeasureReport inWhole = (MeasureReport) entry.getResource();
            String id = inWhole.getMeasure().substring(inWhole.getMeasure().lastIndexOf('/') + 1);
            MeasureReport alone = table("year=2019", id);
            assertThat(inWhole.getGroup()).as(id).isNotEmpty();
            assertThat(groupsOf(json, inWhole)).as(id).isEqualTo(groupsOf(json, alone));
        }
    }

    private static String groupsOf(ca.uhn.fhir.parser.IParser json, MeasureReport mr) {
        MeasureReport groups = new MeasureReport();
        mr.getGroup().forEach(groups::addGroup);
        return json.encodeResourceToString(groups);
    }

    /**
     * Every table of one run counts the same data, even when a row is committed between two tables: two probe tables
     * count a probe table's rows, the second only after the test has committed another row. On PostgreSQL the second
     * runs on the helper connection, which imports the first's snapshot; on H2 both run in one transaction.
     */
    @Test
    void everyTableOfARunCountsOneSnapshotWhileRowsAreCommitted() throws Exception {
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists report_snapshot_probe (n integer)");
        jdbc.update("delete from report_snapshot_probe");
        jdbc.update("insert into report_snapshot_probe values (1)");
        java.util.concurrent.CountDownLatch firstCounted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch committed = new java.util.concurrent.CountDownLatch(1);
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        AnnualReportTable first = probe("probe-first", jdbc, threads, () -> { }, () -> {
            firstCounted.countDown();
            awaitLatch(committed);
        });
        java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
        AnnualReportTable second = probe("probe-second", jdbc, threads, () -> {
            secondStarted.countDown();
            awaitLatch(committed);
        }, () -> { });
        AnnualReport report = new AnnualReport(List.of(first, second), transactions, snapshot);
        ReportPeriod period = new ReportPeriod(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31), ReportData.ZONE);
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var result = runner.submit(() -> report.compute(period, List.of(first, second), n -> { }, () -> false));
            assertThat(firstCounted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            if (snapshot.parallel()) {
                // the first table's thread is held until the commit, so the second is on the other connection
                assertThat(secondStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            jdbc.update("insert into report_snapshot_probe values (2)");
            committed.countDown();
            var tables = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(tables).extracting(t -> t.groups().get(0).count()).containsExactly(1L, 1L);
            assertThat(jdbc.queryForObject("select count(*) from report_snapshot_probe", Long.class)).isEqualTo(2L);
            if (snapshot.parallel()) {
                assertThat(threads).as("the tables ran on two threads").hasSize(2).doesNotHaveDuplicates();
            }
        } finally {
            runner.shutdownNow();
        }
    }

    private static AnnualReportTable probe(String id, org.springframework.jdbc.core.JdbcTemplate jdbc, List<String> threads,
                                           Runnable before, Runnable after) {
        return new AnnualReportTable() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public dk.rehab.adapter.fhir.ReportTable compute(ReportPeriod period) {
                threads.add(Thread.currentThread().getName());
                before.run();
                Long n = jdbc.queryForObject("select count(*) from report_snapshot_probe", Long.class);
                after.run();
                return new dk.rehab.adapter.fhir.ReportTable(id, List.of(new dk.rehab.adapter.fhir.ReportTable.Group(id, id, n, null, List.of())));
            }
        };
    }

    private static void awaitLatch(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void csvGivesOneTable() {
        Http.Response r = http.send("$annual-report?year=2019&table=sessions&_format=csv", "text/csv");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        List<String> lines = List.of(r.text().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("table,group,stratifier,stratum,display,count,score,unit");
        assertThat(lines).contains("sessions,individual,,,Individuel træning,6,,",
                "sessions,individual,outcome,noshow,Udeblevet,1,20.0,%",
                "sessions,group,outcome,held,Gennemført,1,50.0,%",
                "sessions,individual,outcome,booked,\"Booket, intet udfald endnu\",1,,");
        Http.Response plans = http.send("$annual-report?year=2019&table=plans-received&_format=csv", "text/csv");
        assertThat(plans.text()).contains("plans-received,plans,,,Modtagne planer,6,,", "plans-received,plans,month,2019-03,2019-03,2,,",
                "plans-received,plans,hospital," + data.hospital1 + ",Hvidovre Hospital,3,,",
                "plans-received,plans,hospital," + data.hospital2 + ",Glostrup Hospital,3,,");
        // a team's stratum is named by its HealthcareService, a course without a team session by "Uden hold"
        Http.Response courses = http.send("$annual-report?year=2019&table=courses&_format=csv", "text/csv");
        assertThat(courses.text()).contains("courses,started,team," + data.team + ",Styrkehold tirsdag,1,,", "courses,started,team,none,Uden hold,2,,");
    }

    @Test
    void pdfHasEveryTableWithItsNumbersAndCharts() throws Exception {
        Http.Response r = http.send("$annual-report?year=2019&_format=pdf", "application/pdf");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/pdf");
        String text;
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(r.body())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
        }
        assertThat(text).contains("Årsrapport for genoptræning", "Periode: 2019-01-01 til 2019-12-31",
                "Modtagne genoptræningsplaner", "Modtagne planer: 6", "Figur: Planer pr. modtagelsesmåned", "Figur: Plantyper",
                "Henvendelser fordelt på lovgrundlag", "Henvendelser: 6",
                "Forløb: startet, afsluttet og annulleret", "Startede forløb: 3", "Afsluttede forløb: 2", "Annullerede forløb: 1",
                "Figur: Pakker brugt (startede forløb)",
                "Træningsgange: gennemført, aflyst og udeblevet", "Individuel træning: 6", "Holdtræning: 2", "Udeblevet 1 (20,0 %)",
                "Figur: Træningsgange: Individuel træning",
                "Ventetider fra modtagelse af planen", "Fra modtagelse til første tilbudte træningsgang: 6 (3,5 dage)",
                "Fra modtagelse til første gennemførte træningsgang: 6 (5,0 dage)", "Gennemsnit (dage) 4 (4,8 dage)",
                "Funktionsniveau (FSIII) ved start og slut", "Afsluttede forløb: 2 (50,0 %)", "Forbedret i mindst ét område 1 (50,0 %)");
    }

    // ---- asynchronous

    @Test
    void respondAsyncAnswers202ThenProgressThenTheReport() throws Exception {
        Http.Response kickoff = http.getWith("$annual-report?year=2019&table=sessions", "Prefer", "respond-async");
        assertThat(kickoff.status()).as(kickoff.text()).isEqualTo(202);
        String location = kickoff.header("Content-Location");
        assertThat(location).startsWith("http://localhost:" + port + "/async/annual-report/");
        Http status = http.at("http://localhost:" + port);
        String path = location.substring(("http://localhost:" + port + "/").length());
        Http.Response waiting = status.get(path);
        assertThat(waiting.status()).isEqualTo(202);
        assertThat(waiting.header("X-Progress")).isEqualTo("queued: 0 of 1 tables");
        // another client (the reporting kind) does not see the municipality's job
        status.withToken(TestTokens.of(ClientKind.REPORTING, null)).get(path).assertError(404, "report-job-not-found");
        executor.releaseAll();
        Http.Response done = waiting;
        for (int i = 0; i < 100 && done.status() == 202; i++) {
            Thread.sleep(50);
            done = status.get(path);
        }
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        MeasureReport mr = (MeasureReport) done.resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(count(mr, "individual")).isEqualTo(6);
        assertThat(count(mr, "individual", "outcome", "noshow")).isEqualTo(1);
    }

    @Test
    void deleteCancelsAnAsyncReport() {
        Http reporting = http.withToken(TestTokens.of(ClientKind.REPORTING, null));
        Http.Response kickoff = reporting.getWith("$annual-report?year=2019", "Prefer", "respond-async");
        assertThat(kickoff.status()).as(kickoff.text()).isEqualTo(202);
        String path = kickoff.header("Content-Location").substring(("http://localhost:" + port + "/").length());
        Http status = reporting.at("http://localhost:" + port);
        assertThat(status.get(path).status()).isEqualTo(202);
        assertThat(status.delete(path).status()).isEqualTo(202);
        executor.releaseAll();
        status.get(path).assertError(404, "report-job-not-found");
        status.delete(path).assertError(404, "report-job-not-found");
    }

    // ---- bad parameters

    @Test
    void badParametersAre400WithTheParameterNamed() {
        int next = LocalDate.now(ReportData.ZONE).getYear() + 1;
        bad("year=" + next, "invalid-report-period", "year");
        bad("year=abc", "invalid-report-period", "year");
        bad("start=2019-05-01&end=2019-04-30", "invalid-report-period", "end");
        bad("start=2019-05-01", "invalid-report-period", "end");
        bad("start=2019-13-01&end=2019-12-31", "invalid-report-period", "start");
        bad("year=2019&start=2019-01-01", "invalid-report-period", "start");
        bad("", "invalid-report-period", "start");
        bad("year=2019&table=nonsense", "unknown-report-table", "table");
        bad("year=2019&_format=csv", "report-table-required", "_format");
        // asynchronous requests are checked before they are queued
        Http.Response r = http.getWith("$annual-report?year=" + next, "Prefer", "respond-async");
        assertThat(r.status()).isEqualTo(400);
    }

    private void bad(String query, String code, String expression) {
        OperationOutcome outcome = http.get("$annual-report?" + query).assertError(400, code);
        assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly(expression);
    }

    // ---- who may call it

    @Test
    void theReportingClientAndTheMunicipalityMayOthersMayNot() {
        assertThat(http.withToken(TestTokens.of(ClientKind.REPORTING, null)).get("$annual-report?year=2019&table=sessions").status()).isEqualTo(200);
        assertThat(http.get("$annual-report?year=2019&table=sessions").status()).isEqualTo(200);
        for (String token : List.of(TestTokens.of(ClientKind.HOSPITAL, "123456789012"), TestTokens.of(ClientKind.GP, "012345"),
                TestTokens.of(ClientKind.AUDITOR, null))) {
            http.withToken(token).get("$annual-report?year=2019").assertError(403, "forbidden");
            http.withToken(token).getWith("$annual-report?year=2019", "Prefer", "respond-async").assertError(403, "forbidden");
        }
        assertThat(http.withoutToken().get("$annual-report?year=2019").status()).isEqualTo(401);
    }

    @Test
    void theStatusUrlIsForTheAllowedKindsOnly() {
        Http.Response kickoff = http.getWith("$annual-report?year=2019&table=courses", "Prefer", "respond-async");
        String path = kickoff.header("Content-Location").substring(("http://localhost:" + port + "/").length());
        Http status = http.at("http://localhost:" + port);
        assertThat(status.withoutToken().get(path).status()).isEqualTo(401);
        assertThat(status.withoutToken().delete(path).status()).isEqualTo(401);
        for (String token : List.of(TestTokens.of(ClientKind.HOSPITAL, "123456789012"), TestTokens.of(ClientKind.GP, "012345"),
                TestTokens.of(ClientKind.AUDITOR, null))) {
            status.withToken(token).get(path).assertError(403, "forbidden");
            status.withToken(token).delete(path).assertError(403, "forbidden");
        }
        assertThat(status.get(path).status()).isEqualTo(202);
        executor.releaseAll();
    }
}
