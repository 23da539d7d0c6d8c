package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.Canonical;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The codes of the adapter's own code systems for courses and sessions (profiles/CodeSystem-*.json publish the same
 * codes; a test keeps them equal).
 */
public final class CourseCodes {
    private CourseCodes() {
    }

    /** Legal bases (lovgrundlag): each is a referral type and a reporting category. */
    public static final Map<String, String> LEGAL_BASES = ordered(
            "sul-140", "Sundhedsloven § 140: genoptræning efter udskrivning (genoptræningsplan)",
            "sul-140a", "Sundhedsloven § 140a: vederlagsfri fysioterapi",
            "sul-119", "Sundhedsloven § 119: forebyggelse, forløbsprogrammer",
            "sel-86-1", "Serviceloven § 86 stk. 1: genoptræning",
            "sel-86-1-jobcenter", "Serviceloven § 86 stk. 1: henvisning fra Jobcenter",
            "sel-86-1-funktionsevnevurdering", "Serviceloven § 86 stk. 1: funktionsevnevurdering for Jobcenter",
            "sel-86-2", "Serviceloven § 86 stk. 2: vedligeholdende træning");

    /** The legal basis of a course that answers a hospital plan. */
    public static final String LEGAL_BASIS_PLAN = "sul-140";

    /**
     * Diagnosis groups of the annual reports, with the sub-groups of the service catalogue (a sub-group's code starts
     * with its group's code and a dash).
     */
    public static final Map<String, String> DIAGNOSIS_GROUPS = ordered(
            "amputation", "Amputation",
            "baekkenbund", "Bækkenbund",
            "boern", "Børn",
            "cancer", "Cancer",
            "diabetes", "Diabetes",
            "geriatri", "Geriatri",
            "geriatri-vedligeholdende", "Geriatri – vedligeholdende",
            "hofte", "Hofte",
            "knae", "Knæ",
            "knae-korsbaand", "Knæ: korsbåndsopererede",
            "knae-menisk", "Knæ: meniskopererede",
            "knae-skade", "Knæ: pådraget skade på knæ",
            "knae-ledbaand", "Knæ: ledbåndsskader",
            "knae-kunstigt-knaeled", "Knæ: kunstigt knæled (TKA)",
            "knae-slidgigt", "Knæ: slidgigt (GLA:D)",
            "hjerte-lunge", "Hjerte/lunge",
            "neurologi", "Neurologi",
            "ryg-nakke", "Ryg/nakke",
            "skulder", "Skulder",
            "underarm-albue-haand", "Underarm/albue/hånd",
            "underben-ankel", "Underben/ankel",
            "vederlagsfri-fysioterapi", "Vederlagsfri fysioterapi");

    public static final Map<String, String> SESSION_TYPES = ordered(
            "assessment", "Vurdering og udredning (indledende samtale og undersøgelse)",
            "individual", "Individuel træning",
            "group", "Holdtræning",
            "check-in", "Tjek-tid");

    public static final Map<String, String> SESSION_PLACES = ordered(
            "centre", "Træningscenteret",
            "home", "Borgerens hjem eller nærmiljø",
            "pool", "Svømmehallen",
            "outdoors", "Udendørs (fx stranden)");

    public static final Map<String, String> CANCELLATION_REASONS = ordered(
            "citizen-ill", "Afbud fra borgeren: sygdom",
            "citizen-other", "Afbud fra borgeren: anden årsag",
            "centre", "Aflyst af træningscenteret",
            "transferred", "Aflyst: borgeren er overdraget til en anden leverandør eller kommune",
            CourseCodes.CANCELLED_COURSE_FINISHED, "Aflyst: forløbet er afsluttet",
            "hospital-admission", "Aflyst: borgeren er indlagt på hospitalet");

    /** The cancellation reason of the sessions still booked when a course is finished ($finish). */
    public static final String CANCELLED_COURSE_FINISHED = "course-finished";

    public static final Map<String, String> PACKAGE_MODALITIES = ordered(
            "check-ins", "Tjek-tider",
            "individual", "Individuelt genoptræningsforløb",
            "group", "Holdtræning",
            "combination", "Kombinationsforløb");

    /** KL's course-end reasons (CareSocialCodes). */
    public static final Set<String> END_REASONS = Set.of(Canonical.END_REASON_EVENT, Canonical.END_REASON_NO_NEED_CITIZEN,
            Canonical.END_REASON_NO_NEED_PROFESSIONAL, Canonical.END_REASON_NO_CONTACT, Canonical.END_REASON_DECLINED);

    /** The adapter's own course-end reasons ({@link Canonical#CS_COURSE_END_REASONS}), for a course closed by a transfer. */
    public static final Map<String, String> OWN_END_REASONS = ordered(
            "free-choice", "Frit valg: borgeren har valgt en privat leverandør eller en anden kommune",
            "moved", "Borgeren er flyttet til en anden kommune");

    /** Whether a course of group {@code course} may use a package of group {@code pkg} (the same, or one is the other's sub-group). */
    public static boolean sameGroup(String course, String pkg) {
        return course.equals(pkg) || course.startsWith(pkg + "-") || pkg.startsWith(course + "-");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
