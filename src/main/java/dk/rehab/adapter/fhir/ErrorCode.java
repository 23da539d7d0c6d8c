package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The adapter's stable machine-readable error codes.
 *
 * <p>Each code fixes the HTTP status and the OperationOutcome issue type it is answered with (one table, as
 * Blaze does), and appears in {@code OperationOutcome.issue.details.coding} with system
 * {@link Canonical#CS_ERROR}. Clients branch on these codes, never on diagnostics text. The CodeSystem
 * {@code profiles/CodeSystem-error-codes.json} publishes the same list; a test keeps the two equal.
 */
public enum ErrorCode {
    MALFORMED_BODY(400, IssueType.STRUCTURE, "The body is not well-formed FHIR JSON or XML"),
    WRONG_RESOURCE_TYPE(400, IssueType.INVALID, "The body holds another resource type than the URL names"),
    UNSUPPORTED_MEDIA_TYPE(415, IssueType.NOTSUPPORTED, "The content type is not FHIR JSON or XML"),
    INVALID_REQUEST(400, IssueType.INVALID, "The request is not a valid FHIR interaction"),
    UNKNOWN_SEARCH_PARAMETER(400, IssueType.NOTSUPPORTED, "The search names a parameter this server does not support"),
    INVALID_SEARCH_PARAMETER(400, IssueType.VALUE, "A search parameter value cannot be understood"),
    REQUIRED_ELEMENT_MISSING(422, IssueType.REQUIRED, "A required element is missing"),
    INVALID_VALUE(422, IssueType.VALUE, "An element has a value that is not allowed"),
    INVALID_CPR(422, IssueType.VALUE, "A CPR number is not 10 digits with a valid date part"),
    INVALID_IDENTIFIER(422, IssueType.VALUE, "An SOR, GLN/EAN or other identifier is malformed"),
    UNKNOWN_CODE(422, IssueType.CODEINVALID, "A code is not in the value set the element requires"),
    REFERENCE_NOT_FOUND(422, IssueType.NOTFOUND, "A reference points at a resource that does not exist"),
    INVALID_REFERENCE(422, IssueType.VALUE, "A reference points at a resource of the wrong type or cannot be resolved"),
    PROFILE_VIOLATION(422, IssueType.PROCESSING, "The resource does not conform to the adapter's profile"),
    IDENTITY_CONFLICT(422, IssueType.CONFLICT, "The identifiers given belong to different existing resources"),
    DUPLICATE_IDENTIFIER(409, IssueType.DUPLICATE, "Another resource already has this identifier"),
    NOT_FOUND(404, IssueType.NOTFOUND, "No resource with that id"),
    UNKNOWN_RESOURCE_TYPE(404, IssueType.NOTSUPPORTED, "The server does not serve this resource type"),
    VERSION_NOT_FOUND(404, IssueType.NOTFOUND, "No such version of the resource"),
    METHOD_NOT_ALLOWED(405, IssueType.NOTSUPPORTED, "The interaction is not supported on this resource type"),
    VERSION_CONFLICT(409, IssueType.CONFLICT, "The resource was changed by someone else meanwhile"),
    PRECONDITION_FAILED(412, IssueType.CONFLICT, "If-Match names another version than the current one"),
    INTERNAL_ERROR(500, IssueType.EXCEPTION, "The server failed; the request left nothing behind"),
    NOT_A_MESSAGE(400, IssueType.INVALID, "The body is not a message the endpoint takes (a FHIR message Bundle with its MessageHeader first, or a MedCom GGOP document)"),
    WRONG_RECEIVER(422, IssueType.BUSINESSRULE, "The message is addressed to another receiver than this municipality"),
    UNKNOWN_PLAN(422, IssueType.NOTFOUND, "A correction or retraction refers to a message or plan the adapter never received"),
    INVALID_TRANSITION(422, IssueType.BUSINESSRULE, "The status change is not allowed from the current status"),
    COURSE_ALREADY_OPEN(422, IssueType.BUSINESSRULE, "The citizen already has an open course for the same plan (or the same referral)"),
    COURSE_CLOSED(422, IssueType.BUSINESSRULE, "The course is finished or cancelled: nothing more can be booked or recorded on it"),
    PACKAGE_EXHAUSTED(422, IssueType.BUSINESSRULE, "The course's package (plus extra sessions granted) has no session left for this booking"),
    TEAM_FULL(422, IssueType.BUSINESSRULE, "The team session has no free place"),
    FREE_CHOICE_OFFER_MISSING(422, IssueType.BUSINESSRULE, "The first meeting lies after the free-choice date and the free-choice offer is not recorded on the plan"),
    UNKNOWN_PACKAGE(422, IssueType.NOTFOUND, "The package (PlanDefinition canonical) is not in the service catalogue"),
    DELIVERY_NOT_RETRYABLE(409, IssueType.CONFLICT,
            "The delivery cannot be retried: it was delivered, or it was not sent for a reason a retry cannot change"),
    PRECONDITION_REQUIRED(428, IssueType.REQUIRED, "An update must name the version it changes in If-Match (W/\"3\")"),
    PAYLOAD_TOO_LARGE(413, IssueType.TOOLONG, "The request body is larger than the adapter takes (adapter.limits.max-body-size)"),
    NESTING_TOO_DEEP(400, IssueType.TOOLONG, "The body nests objects, arrays or elements deeper than the adapter takes (adapter.limits.max-depth)"),
    HEADERS_TOO_LARGE(431, IssueType.TOOLONG, "The request line and headers are larger than the adapter takes (adapter.limits.max-header-size)"),
    TOO_MANY_ENTRIES(413, IssueType.TOOLONG, "The Bundle has more entries than the adapter takes (adapter.limits.max-bundle-entries)"),
    SERVER_BUSY(503, IssueType.TRANSIENT, "The server is working on as many writes as it takes at once and this one waited too long for its turn; nothing was stored; send it again after Retry-After"),
    UNAUTHENTICATED(401, IssueType.LOGIN, "No valid bearer token: none was sent, or it is malformed, expired, not yet valid, wrongly signed, from another issuer or for another audience"),
    FORBIDDEN(403, IssueType.FORBIDDEN, "The token's client kind or scopes do not allow this interaction"),
    // free choice of provider and transfers (issue 13, item 4)
    PROVIDER_NOT_CONTRACTED(422, IssueType.BUSINESSRULE, "The provider is not on the municipality's list of contracted providers (adapter.free-choice.providers)"),
    MUNICIPALITY_UNKNOWN(422, IssueType.NOTFOUND, "The municipality is not in the endpoint directory (adapter.delivery.endpoints), or it is this municipality"),
    PLAN_ALREADY_TRANSFERRED(409, IssueType.CONFLICT, "The plan has been transferred to another provider or municipality already"),
    PLAN_NOT_TRANSFERABLE(409, IssueType.CONFLICT, "The plan cannot be transferred: it is not active or on hold, or it is specialised (the region delivers it)"),
    COURSE_ALREADY_FINISHED(409, IssueType.CONFLICT, "The plan's course is finished or cancelled already: there is no course left to transfer"),
    // Issue 13 items 2 and 3: contact with the citizen and reminders
    NO_BOOKED_SESSION(422, IssueType.BUSINESSRULE, "The plan has no open course with a booked session ahead: there is no first meeting to write to the citizen about"),
    // course finish ($finish) and Jobcenter referrals; invalid-parameters is every operation's (also $transfer, $statistics)
    INVALID_PARAMETERS(400, IssueType.INVALID, "The operation's parameters lack one it needs, name one it does not know, give one of the wrong type or a malformed value, or contradict each other (e.g. start after end)"),
    COURSE_ALREADY_CLOSED(409, IssueType.CONFLICT, "The course is already finished or cancelled"),
    PAST_SESSIONS_OPEN(409, IssueType.CONFLICT, "Sessions in the past are still booked without an outcome (attended, no-show or cancelled)"),
    FINAL_STATUS_MISSING(409, IssueType.CONFLICT, "No final functional status (an end-phase FSIII assessment) is given or recorded for the course"),
    // hospital notifications (issue 13.1)
    UNKNOWN_NOTIFICATION_EVENT(422, IssueType.CODEINVALID, "The hospital notification's activity (Provenance.activity) is not one of MedCom HospitalNotification's events"),
    // KL Gateway § 140 report ($kl-gateway-report)
    KL_REPORT_PERIOD_MISSING(400, IssueType.REQUIRED, "$kl-gateway-report needs a period (start and end) or incremental=true"),
    KL_REPORT_PERIOD_REVERSED(400, IssueType.INVALID, "The period's start lies after its end"),
    KL_REPORT_PARAMETERS_CONFLICT(400, IssueType.INVALID, "A period needs both start and end, and a report is either for a period or incremental, not both"),
    // annual report (issue 12)
    INVALID_REPORT_PERIOD(400, IssueType.VALUE, "The report period is not valid: year or start and end (dates, end not before start) are needed, and it cannot lie in the future"),
    UNKNOWN_REPORT_TABLE(400, IssueType.NOTSUPPORTED, "The table named is not a table of the report"),
    REPORT_TABLE_REQUIRED(400, IssueType.REQUIRED, "CSV holds one table: _format=csv needs table"),
    REPORT_JOB_NOT_FOUND(404, IssueType.NOTFOUND, "No report job with that id: it never existed, was cancelled, or has expired");

    private final int httpStatus;
    private final IssueType issueType;
    private final String display;

    ErrorCode(int httpStatus, IssueType issueType, String display) {
        this.httpStatus = httpStatus;
        this.issueType = issueType;
        this.display = display;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public IssueType issueType() {
        return issueType;
    }

    public String display() {
        return display;
    }

    /** The code as it appears in details.coding: lower-case with dashes. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
