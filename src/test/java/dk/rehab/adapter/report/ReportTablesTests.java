package dk.rehab.adapter.report;

import static dk.rehab.adapter.report.AnnualReportTests.count;
import static dk.rehab.adapter.report.AnnualReportTests.group;
import static dk.rehab.adapter.report.AnnualReportTests.score;
import static dk.rehab.adapter.report.AnnualReportTests.stratum;
import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The annual report's tables first-contact, free-choice, session-hours and age-groups over a scenario made through the
 * API (plans, recorded contacts, sessions with known durations, a declined free-choice offer and three transfers,
 * citizens with CPR numbers of known birth dates). Dates are relative to today: day n is today − 200 days + n, and the
 * period is day −5 to today (so the transfers, made today, lie in it). A context and database of its own.
 */
@TestPropertySource(properties = {
        "spring.application.name=rehab-fhir-adapter-report-tables",
        "adapter.free-choice.providers[0].name=Fysioterapi Privat ApS",
        "adapter.free-choice.providers[0].cvr=31415926",
        "adapter.free-choice.providers[0].url=http://127.0.0.1:9/fhir",
        "adapter.delivery.endpoints[0].system=" + Canonical.SYSTEM_MUNICIPALITY_CODE,
        "adapter.delivery.endpoints[0].value=0101",
        "adapter.delivery.endpoints[0].url=http://127.0.0.1:9/fhir",
        "adapter.delivery.endpoints[0].name=Københavns Kommune"})
abstract class ReportTablesTests extends IntegrationTest {
    private static final Map<Integer, Object> DATA = new ConcurrentHashMap<>();
    static final LocalDate TODAY = LocalDate.now(ReportData.ZONE);
    static final LocalDate D0 = TODAY.minusDays(200);

    /** The period every test asks for, as a query. */
    static final String PERIOD = "start=" + D0.minusDays(5) + "&end=" + TODAY;

    static final class Scenario {
        final Map<String, String> plans = new HashMap<>();
        String team1;
        String team2;
    }

    Scenario data;

    @BeforeEach
    void data() {
        Object made = DATA.computeIfAbsent(port, p -> {
            try {
                return build(new ReportData(http));
            } catch (RuntimeException | AssertionError e) {
                return e;
            }
        });
        if (made instanceof Throwable t) {
            throw new IllegalStateException("the test data could not be made", t);
        }
        data = (Scenario) made;
    }

    static LocalDate day(int n) {
        return D0.plusDays(n);
    }

    private int serial = 100;

    /** A citizen born on {@code birth}, with a CPR number whose 7th digit is {@code centuryDigit}. */
    private String citizen(LocalDate birth, int centuryDigit) {
        String cpr = String.format("%02d%02d%02d%d%03d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100, centuryDigit,
                serial++);
        return ReportData.id(http.json("Patient", Plans.patient(cpr)), Patient.class);
    }

    private Scenario build(ReportData d) {
        Scenario s = new Scenario();
        s.team1 = d.team;
        s.team2 = ReportData.id(http.json("HealthcareService", Courses.team("Balancehold torsdag", 8)), HealthcareService.class);
        String a = citizen(TODAY.minusYears(80), 1);                 // 80 today
        String b = citizen(TODAY.minusYears(80).plusDays(1), 2);     // 79 (80 tomorrow)
        String c = citizen(TODAY.minusYears(18), 5);                 // 18 today (5: the 2000s up to 57)
        String dd = citizen(TODAY.minusYears(18).plusDays(1), 4);    // 17 (4: the 2000s up to 36)
        String e = citizen(TODAY.minusYears(45), 0);                 // 45
        String f = citizen(TODAY.minusYears(95), 3);                 // 95
        String g = citizen(TODAY.minusYears(65), 9);                 // 65 (9: the 1900s after 36)
        String h = citizen(TODAY.minusYears(30), 1);                 // 30: only outside the period

        plan(d, s, "PA", a, 0);
        plan(d, s, "PB", b, 10);
        plan(d, s, "PC", c, 20);
        plan(d, s, "PD", dd, 30);
        plan(d, s, "PE", e, 40);
        plan(d, s, "PF", f, 50);
        plan(d, s, "PG", g, 60);
        plan(d, s, "PA2", a, 70);
        plan(d, s, "PH", h, -30);
        // two specialised plans for B (the region delivers them): one citizen
        s.plans.put("PS1", d.plan("PS1", b, d.hospital2, day(80).atTime(10, 0), Canonical.PLAN_TYPE_SPECIALISERET, null));
        s.plans.put("PS2", d.plan("PS2", b, d.hospital2, day(90).atTime(10, 0), Canonical.PLAN_TYPE_SPECIALISERET, null));

        // first contacts (the discharge is the day before receipt): PA 2 days after receipt (a later one too), PB 6, PD 1, PG 4
        contact(a, s.plans.get("PA"), day(2), "phone");
        contact(a, s.plans.get("PA"), day(8), "digital-post");
        contact(b, s.plans.get("PB"), day(16), "phone");
        contact(dd, s.plans.get("PD"), day(31), "digital-post");
        contact(g, s.plans.get("PG"), day(64), "letter");
        contact(h, s.plans.get("PH"), day(-28), "phone");

        // A: a course with sessions of known lengths, on both teams
        String ca = d.course(a, s.plans.get("PA"), "sul-140", "knae-menisk");
        d.session(ca, a, "assessment", day(3), 60, null, AppointmentStatus.FULFILLED, null);
        d.start(ca, day(3), null);
        d.session(ca, a, "individual", day(5), 45, null, AppointmentStatus.FULFILLED, null);
        d.session(ca, a, "individual", day(7), 45, null, AppointmentStatus.CANCELLED, "citizen-ill");
        d.session(ca, a, "individual", day(9), 30, null, AppointmentStatus.NOSHOW, null);
        d.session(ca, a, "group", day(20), 60, s.team1, AppointmentStatus.FULFILLED, null);
        d.session(ca, a, "group", day(26), 90, s.team2, AppointmentStatus.FULFILLED, null);
        d.end(ca, EpisodeOfCareStatus.FINISHED, day(40), Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        // B: on team 1 with A on day 20; a no-show and a session the centre cancelled
        String cb = d.course(b, s.plans.get("PB"), "sul-140", "geriatri");
        d.session(cb, b, "assessment", day(12), 60, null, AppointmentStatus.FULFILLED, null);
        d.start(cb, day(12), null);
        d.session(cb, b, "group", day(20), 60, s.team1, AppointmentStatus.FULFILLED, null);
        d.session(cb, b, "group", day(22), 60, s.team1, AppointmentStatus.NOSHOW, null);
        d.session(cb, b, "group", day(24), 60, s.team1, AppointmentStatus.CANCELLED, "centre");
        // C: first meeting offered 4 days after the free-choice date; the citizen declines free choice and waits
        String cc = d.course(c, s.plans.get("PC"), "sul-140", "hofte");
        d.session(cc, c, "assessment", day(30), 45, null, null, null);
        ServiceRequest pc = http.get("ServiceRequest/" + s.plans.get("PC")).resource(ServiceRequest.class);
        pc.addExtension(new Extension(Canonical.EXT_STATUS_REASON,
                new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET, "Frit valg afslået"))));
        ok(http.update("ServiceRequest/" + s.plans.get("PC"), pc));
        // … and gets a contact letter today about a meeting next week (outside the period): its first contact
        d.session(cc, c, "individual", TODAY.plusDays(7), 45, null, null, null);
        ok(http.post("ServiceRequest/" + s.plans.get("PC") + "/$send-contact-letter", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));
        // H: a course that ended before the period
        String ch = d.course(h, s.plans.get("PH"), "sul-140", "ryg-nakke");
        d.session(ch, h, "assessment", day(-25), 60, null, AppointmentStatus.FULFILLED, null);
        d.start(ch, day(-25), null);
        d.end(ch, EpisodeOfCareStatus.FINISHED, day(-10), Canonical.END_REASON_NO_NEED_PROFESSIONAL);

        // free physiotherapy (§ 140a, courses without a plan): G new in the period, H's course started before it
        String cg = d.course(g, null, "sul-140a", "vederlagsfri-fysioterapi");
        d.start(cg, day(62), null);
        d.session(cg, g, "check-in", day(63), 60, null, AppointmentStatus.FULFILLED, null);
        d.session(cg, g, "check-in", day(70), 30, null, AppointmentStatus.FULFILLED, null);
        String ch2 = d.course(h, null, "sul-140a", "vederlagsfri-fysioterapi");
        d.start(ch2, day(-20), null);
        d.session(ch2, h, "check-in", day(80), 60, null, AppointmentStatus.FULFILLED, null);

        // transfers (today): D to the private provider, F to another municipality (free choice), E moved
        transfer(s.plans.get("PD"), "provider", "http://cvr.dk", "31415926", "free-choice");
        transfer(s.plans.get("PF"), "municipality", Canonical.SYSTEM_MUNICIPALITY_CODE, "0101", "free-choice");
        transfer(s.plans.get("PE"), "municipality", Canonical.SYSTEM_MUNICIPALITY_CODE, "0101", "citizen-moved");
        return s;
    }

    private static void plan(ReportData d, Scenario s, String name, String patient, int day) {
        s.plans.put(name, d.plan(name, patient, d.hospital1, day(day).atTime(10, 0), Canonical.PLAN_TYPE_ALMEN, null));
    }

    private void contact(String patient, String plan, LocalDate day, String medium) {
        Communication c = new Communication();
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addMedium(new CodeableConcept(new Coding(Canonical.CS_CONTACT_MEDIA, medium, null)));
        c.setSubject(new Reference("Patient/" + patient));
        c.addBasedOn(new Reference("ServiceRequest/" + plan));
        c.setSent(Date.from(day.atTime(11, 0).atZone(ReportData.ZONE).toInstant()));
        Http.Response r = http.json("Communication", c);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private void transfer(String plan, String receiver, String system, String value, String reason) {
        Parameters p = new Parameters();
        p.addParameter().setName(receiver).setValue(new Identifier().setSystem(system).setValue(value));
        p.addParameter().setName("reason").setValue(new CodeType(reason));
        ok(http.json("ServiceRequest/" + plan + "/$transfer", p));
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    MeasureReport table(String query, String table) {
        Http.Response r = http.get("$annual-report?" + query + "&table=" + table);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        MeasureReport mr = (MeasureReport) r.resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(mr.getMeasure()).isEqualTo("http://rehab-adapter.dk/fhir/Measure/" + table);
        return mr;
    }

    // ---- the tables

    @Test
    void firstContactFromReceiptAndFromDischarge() {
        MeasureReport mr = table(PERIOD, "first-contact");
        String receipt = "receipt-to-first-contact";
        long letter = ChronoUnit.DAYS.between(day(20), TODAY); // 180: PC was received on day 20, its contact letter sent today
        assertThat(count(mr, receipt)).isEqualTo(10); // PA … PG, PA2, PS1, PS2; PH was received before the period
        assertThat(count(mr, receipt, "statistic", "with-date")).isEqualTo(5); // 1, 2, 4, 6 days and PC's letter (PA's later contact does not count)
        assertThat(count(mr, receipt, "statistic", "without-date")).isEqualTo(5);
        assertThat(group(mr, receipt).getMeasureScore().getValue()).isEqualByComparingTo("4.0");
        assertThat(score(mr, receipt, "statistic", "median")).isEqualByComparingTo("4.0");
        assertThat(score(mr, receipt, "statistic", "mean")).isEqualByComparingTo(mean(13 + letter, 5));
        assertThat(count(mr, receipt, "statistic", "within-4-days")).isEqualTo(3);
        assertThat(score(mr, receipt, "statistic", "within-4-days")).isEqualByComparingTo("60.0");
        assertThat(count(mr, receipt, "statistic", "within-7-days")).isEqualTo(4);
        assertThat(count(mr, receipt, "statistic", "within-contact-deadline")).isEqualTo(2); // PA (day 3 = its deadline), PD
        assertThat(score(mr, receipt, "statistic", "within-contact-deadline")).isEqualByComparingTo("40.0");
        String discharge = "discharge-to-first-contact";
        assertThat(score(mr, discharge, "statistic", "median")).isEqualByComparingTo("5.0"); // 2, 3, 5, 7 days and the letter's
        assertThat(score(mr, discharge, "statistic", "mean")).isEqualByComparingTo(mean(17 + letter + 1, 5));
        assertThat(count(mr, discharge, "statistic", "within-4-days")).isEqualTo(2);
        assertThat(score(mr, discharge, "statistic", "within-4-days")).isEqualByComparingTo("40.0");
        assertThat(count(mr, discharge, "statistic", "within-7-days")).isEqualTo(4);
        // the period selects plans by receipt: a first contact after the period's end still counts for them
        MeasureReport before = table("start=" + day(-5) + "&end=" + day(100), "first-contact");
        assertThat(count(before, receipt, "statistic", "with-date")).isEqualTo(5); // the period selects plans, not contacts
        // PH alone, in its own period
        MeasureReport ph = table("start=" + day(-31) + "&end=" + day(-29), "first-contact");
        assertThat(count(ph, receipt)).isEqualTo(1);
        assertThat(score(ph, receipt, "statistic", "median")).isEqualByComparingTo("2.0");
    }

    private static java.math.BigDecimal mean(long sum, long n) {
        return java.math.BigDecimal.valueOf(sum).divide(java.math.BigDecimal.valueOf(n), 1, java.math.RoundingMode.HALF_UP);
    }

    @Test
    void freeChoiceOffersChoicesAndTransfers() {
        MeasureReport mr = table(PERIOD, "free-choice");
        assertThat(count(mr, "entitled")).isEqualTo(5); // PC (offered late), PD, PF, PG, PA2 (none offered, date passed); not PE (moved)
        assertThat(count(mr, "entitled", "offer", "offer-recorded")).isEqualTo(3);
        assertThat(score(mr, "entitled", "offer", "offer-recorded")).isEqualByComparingTo("60.0");
        assertThat(count(mr, "entitled", "offer", "no-offer-recorded")).isEqualTo(2);
        assertThat(count(mr, "offers")).isEqualTo(3);
        assertThat(count(mr, "offers", "choice", "private-provider")).isEqualTo(1);
        assertThat(count(mr, "offers", "choice", "other-municipality")).isEqualTo(1);
        assertThat(count(mr, "offers", "choice", "declined")).isEqualTo(1);
        assertThat(score(mr, "offers", "choice", "declined")).isEqualByComparingTo("33.3");
        assertThat(count(mr, "offers", "choice", "chosen-not-transferred")).isZero();
        assertThat(count(mr, "declined-extra-days")).isEqualTo(1);
        assertThat(group(mr, "declined-extra-days").getMeasureScore().getValue()).isEqualByComparingTo("4.0");
        assertThat(count(mr, "transfers")).isEqualTo(3);
        assertThat(count(mr, "transfers", "receiver", "private-provider")).isEqualTo(1);
        assertThat(count(mr, "transfers", "receiver", "other-municipality")).isEqualTo(2);
        assertThat(score(mr, "transfers", "receiver", "other-municipality")).isEqualByComparingTo("66.7");
        assertThat(count(mr, "transfers", "reason", "free-choice")).isEqualTo(2);
        assertThat(count(mr, "transfers", "reason", "citizen-moved")).isEqualTo(1);
        // the transfers were made today: a period ending yesterday has the offers, not the transfers
        MeasureReport untilYesterday = table("start=" + day(-5) + "&end=" + TODAY.minusDays(1), "free-choice");
        assertThat(count(untilYesterday, "offers")).isEqualTo(3);
        assertThat(count(untilYesterday, "transfers")).isZero();
    }

    @Test
    void sessionHoursByTypeAndOutcomeAndTeamSessions() {
        MeasureReport mr = table(PERIOD, "session-hours");
        assertThat(count(mr, "assessment")).isEqualTo(3); // A, B, C (booked); not H's on day -25, before the period
        assertThat(group(mr, "assessment").getMeasureScore().getValue()).isEqualByComparingTo("2.0");
        assertThat(count(mr, "assessment", "outcome", "booked")).isEqualTo(1);
        assertThat(score(mr, "assessment", "outcome", "booked")).isEqualByComparingTo("0.8");
        assertThat(score(mr, "assessment", "share", "held-of-hours-with-outcome")).isEqualByComparingTo("100.0");
        assertThat(count(mr, "individual")).isEqualTo(3);
        assertThat(score(mr, "individual", "outcome", "held")).isEqualByComparingTo("0.8");
        assertThat(score(mr, "individual", "outcome", "cancelled-by-citizen")).isEqualByComparingTo("0.8");
        assertThat(score(mr, "individual", "outcome", "noshow")).isEqualByComparingTo("0.5");
        assertThat(score(mr, "individual", "share", "held-of-hours-with-outcome")).isEqualByComparingTo("37.5");
        assertThat(count(mr, "individual", "share", "cancelled-or-noshow-by-citizen")).isEqualTo(2);
        assertThat(score(mr, "individual", "share", "cancelled-or-noshow-by-citizen")).isEqualByComparingTo("62.5");
        assertThat(count(mr, "group")).isEqualTo(5);
        assertThat(group(mr, "group").getMeasureScore().getValue()).isEqualByComparingTo("3.5");
        assertThat(score(mr, "group", "outcome", "cancelled-by-centre")).isEqualByComparingTo("1.0");
        assertThat(score(mr, "group", "share", "held-of-hours-with-outcome")).isEqualByComparingTo("63.6");
        assertThat(score(mr, "group", "share", "cancelled-or-noshow-by-citizen")).isEqualByComparingTo("22.2");
        assertThat(count(mr, "check-in")).isEqualTo(3);
        assertThat(group(mr, "check-in").getMeasureScore().getValue()).isEqualByComparingTo("2.5");
        assertThat(score(mr, "check-in", "share", "cancelled-or-noshow-by-citizen")).isEqualByComparingTo("0.0");
        assertThat(count(mr, "all")).isEqualTo(14);
        assertThat(group(mr, "all").getMeasureScore().getValue()).isEqualByComparingTo("8.8"); // 525 minutes
        assertThat(count(mr, "all", "outcome", "held")).isEqualTo(9);
        assertThat(score(mr, "all", "share", "held-of-hours-with-outcome")).isEqualByComparingTo("72.9"); // 525 / 720
        assertThat(score(mr, "all", "share", "cancelled-or-noshow-by-citizen")).isEqualByComparingTo("20.5"); // 135 / 660
        // a period without sessions: no shares
        MeasureReport empty = table("start=" + day(-200) + "&end=" + day(-190), "session-hours");
        assertThat(count(empty, "all")).isZero();
        assertThat(stratum(empty, "all", "share", "held-of-hours-with-outcome").hasMeasureScore()).isFalse();
        // team sessions held: team 1 on day 20 (two citizens, counted once), team 2 on day 26
        assertThat(count(mr, "team-sessions")).isEqualTo(2);
        assertThat(group(mr, "team-sessions").getMeasureScore().getValue()).isEqualByComparingTo("2.5");
        assertThat(count(mr, "team-sessions", "team", data.team1)).isEqualTo(1);
        assertThat(score(mr, "team-sessions", "team", data.team1)).isEqualByComparingTo("1.0");
        assertThat(score(mr, "team-sessions", "team", data.team2)).isEqualByComparingTo("1.5");
    }

    @Test
    void citizensByAgeGroupOnThePeriodsLastDay() {
        MeasureReport mr = table(PERIOD, "age-groups");
        assertThat(count(mr, "citizens-with-plan")).isEqualTo(7); // A has two plans and counts once; H's plan is before the period
        Map<String, Integer> expected = Map.of("0-17", 1, "18-29", 1, "30-39", 0, "40-49", 1, "50-59", 0, "60-69", 1, "70-79", 1,
                "80-89", 1, "90+", 1);
        expected.forEach((age, n) -> assertThat(count(mr, "citizens-with-plan", "age-group", age)).as(age).isEqualTo(n));
        assertThat(score(mr, "citizens-with-plan", "age-group", "80-89")).isEqualByComparingTo("14.3");
        // courses active in the period: A's (finished in it), B's, G's and H's § 140a course; C's never started, H's § 140 ended before it
        assertThat(count(mr, "citizens-with-course")).isEqualTo(4);
        assertThat(count(mr, "citizens-with-course", "age-group", "80-89")).isEqualTo(1);
        assertThat(count(mr, "citizens-with-course", "age-group", "70-79")).isEqualTo(1);
        assertThat(count(mr, "citizens-with-course", "age-group", "60-69")).isEqualTo(1);
        assertThat(count(mr, "citizens-with-course", "age-group", "30-39")).isEqualTo(1);
        assertThat(count(mr, "citizens-with-course", "age-group", "40-49")).isZero();
    }

    @Test
    void citizensByLegalBasisNewCitizensHoursAndSpecialisedPlans() {
        MeasureReport mr = table(PERIOD, "citizens");
        assertThat(count(mr, "citizens-with-course")).isEqualTo(4); // A, B, G, H
        assertThat(count(mr, "citizens-with-course", "legal-basis", "sul-140")).isEqualTo(2); // H's § 140 course ended before the period
        assertThat(count(mr, "citizens-with-course", "legal-basis", "sul-140a")).isEqualTo(2);
        assertThat(count(mr, "citizens-with-course", "legal-basis", "sel-86-1")).isZero();
        assertThat(count(mr, "new-citizens")).isEqualTo(3); // A, B, G; not H, whose § 140a course started before the period
        assertThat(count(mr, "new-citizens", "legal-basis", "sul-140")).isEqualTo(2);
        assertThat(count(mr, "new-citizens", "legal-basis", "sul-140a")).isEqualTo(1);
        assertThat(count(mr, "held-hours")).isEqualTo(4);
        assertThat(group(mr, "held-hours").getMeasureScore().getValue()).isEqualByComparingTo("8.8");
        assertThat(count(mr, "held-hours", "legal-basis", "sul-140")).isEqualTo(2);
        assertThat(score(mr, "held-hours", "legal-basis", "sul-140")).isEqualByComparingTo("6.3"); // 375 minutes
        assertThat(score(mr, "held-hours", "legal-basis", "sul-140a")).isEqualByComparingTo("2.5");
        assertThat(group(mr, "mean-hours-per-citizen").getMeasureScore().getValue()).isEqualByComparingTo("2.2"); // 525 / 4 minutes
        assertThat(score(mr, "mean-hours-per-citizen", "legal-basis", "sul-140")).isEqualByComparingTo("3.1");
        assertThat(score(mr, "mean-hours-per-citizen", "legal-basis", "sul-140a")).isEqualByComparingTo("1.3"); // 1.25, half up
        assertThat(stratum(mr, "mean-hours-per-citizen", "legal-basis", "sul-119").hasMeasureScore()).isFalse();
        assertThat(count(mr, "specialised-plan-citizens")).isEqualTo(1); // B, with two specialised plans
        assertThat(count(table("start=" + day(85) + "&end=" + TODAY, "citizens"), "specialised-plan-citizens")).isEqualTo(1);
        assertThat(count(table("start=" + day(91) + "&end=" + TODAY, "citizens"), "specialised-plan-citizens")).isZero();
    }

    @Test
    void csvAndPdfCarryTheNewTables() throws Exception {
        Http.Response csv = http.send("$annual-report?" + PERIOD + "&table=session-hours&_format=csv", "text/csv");
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(List.of(csv.text().split("\r\n"))).contains("session-hours,all,,,Alle typer,14,8.8,h",
                "session-hours,team-sessions,team," + data.team2 + ",Balancehold torsdag,1,1.5,h");
        Http.Response ages = http.send("$annual-report?" + PERIOD + "&table=age-groups&_format=csv", "text/csv");
        assertThat(ages.text()).contains("age-groups,citizens-with-plan,age-group,90+,90+ år,1,14.3,%");
        Http.Response r = http.send("$annual-report?" + PERIOD + "&_format=pdf", "application/pdf");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String text;
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(r.body())) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
        }
        assertThat(text).contains("Ventetid til første kontakt med borgeren", "Fra modtagelse til første kontakt: 10 (4,0 dage)",
                "Figur: Første kontakt: Fra udskrivelse til første kontakt",
                "Frit valg af leverandør", "Tilbud om frit valg: 3", "Figur: Frit valg: borgerens valg",
                "Timer: leveret, aflyst og udeblevet", "Alle typer: 14 (8,8 timer)", "Figur: Leverede timer pr. type",
                "Figur: Holdtræning: timer pr. hold", "Borgere fordelt på aldersgrupper", "Borgere med plan modtaget i perioden: 7",
                "Figur: Borgere med plan modtaget i perioden fordelt på aldersgrupper",
                "Borgere: forløb, nye borgere og timer pr. lovgrundlag", "Borgere med specialiseret plan: 1",
                "Figur: Leverede timer pr. lovgrundlag");
    }
}
