package dk.rehab.adapter.finalstatus;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.jobcenter.JobcenterReferrals;

/**
 * What the end-of-course document is: the final status (slutstatus) of a course, or — for a course a Jobcenter referred
 * (SEL § 86.1) — the functional-capacity assessment (funktionsevnevurdering) for the Jobcenter. The same facts, PDF and
 * FHIR document; another type, title and file name.
 */
public enum DocumentKind {
    FINAL_STATUS("final-status", "Slutstatus", FinalStatusText.TITLE, "Slutstatus"),
    FUNCTIONAL_CAPACITY(Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY, "Funktionsevnevurdering",
            "Funktionsevnevurdering til Jobcenter (Serviceloven § 86 stk. 1)", "Funktionsevnevurdering");

    private final String code;
    private final String display;
    private final String title;
    private final String fileName;

    DocumentKind(String code, String display, String title, String fileName) {
        this.code = code;
        this.display = display;
        this.title = title;
        this.fileName = fileName;
    }

    /** The kind for a course of legal basis {@code legalBasis}. */
    public static DocumentKind of(String legalBasis) {
        return JobcenterReferrals.isJobcenterCourse(legalBasis) ? FUNCTIONAL_CAPACITY : FINAL_STATUS;
    }

    public static DocumentKind of(FinalStatusFacts facts) {
        return of(facts.legalBasisCode());
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public String title() {
        return title;
    }

    public String fileName() {
        return fileName;
    }
}
