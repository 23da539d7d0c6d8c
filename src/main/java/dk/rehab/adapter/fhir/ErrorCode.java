package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The adapter's stable machine-readable error codes.
 *
 * <p>Each code fixes the HTTP status and the OperationOutcome issue type it is answered with (one table, as
 * Blaze does), and appears in {@code OperationOutcome.issue.details.coding} with system
 * {@link Canonical#CS_ERROR}; in the acknowledgement of a refused hospital message it is answered with the nearest MedCom
 * acknowledgement code ({@link AckCode}). Clients branch on these codes, never on diagnostics text. The CodeSystem
 * {@code profiles/CodeSystem-error-codes.json} publishes the same list; a test keeps the two equal.
 */
public enum ErrorCode {
    MALFORMED_BODY(400, IssueType.STRUCTURE, AckCode.MSG_BAD_SYNTAX, "The body is not well-formed FHIR JSON or XML"),
    WRONG_RESOURCE_TYPE(400, IssueType.INVALID, AckCode.MSG_BAD_FORMAT, "The body holds another resource type than the URL names"),
    UNSUPPORTED_MEDIA_TYPE(415, IssueType.NOTSUPPORTED, AckCode.MSG_BAD_FORMAT, "The content type is not FHIR JSON or XML"),
    INVALID_REQUEST(400, IssueType.INVALID, AckCode.MSG_BAD_FORMAT, "The request is not a valid FHIR interaction"),
    UNKNOWN_SEARCH_PARAMETER(400, IssueType.NOTSUPPORTED, AckCode.MSG_PARAM_INVALID, "The search names a parameter this server does not support"),
    INVALID_SEARCH_PARAMETER(400, IssueType.VALUE, AckCode.MSG_PARAM_INVALID, "A search parameter value cannot be understood"),
    REQUIRED_ELEMENT_MISSING(422, IssueType.REQUIRED, AckCode.MSG_RESOURCE_REQUIRED, "A required element is missing"),
    INVALID_VALUE(422, IssueType.VALUE, AckCode.MSG_DATATYPE_WRONG, "An element has a value that is not allowed"),
    INVALID_CPR(422, IssueType.VALUE, AckCode.MSG_DATATYPE_WRONG, "A CPR number is not 10 digits with a valid date part"),
    INVALID_IDENTIFIER(422, IssueType.VALUE, AckCode.MSG_DATATYPE_WRONG, "An SOR, GLN/EAN or other identifier is malformed"),
    UNKNOWN_CODE(422, IssueType.CODEINVALID, AckCode.MSG_VALUESET_VALUE_UNKNOWN, "A code is not in the value set the element requires"),
    REFERENCE_NOT_FOUND(422, IssueType.NOTFOUND, AckCode.MSG_NO_EXIST, "A reference points at a resource that does not exist"),
    INVALID_REFERENCE(422, IssueType.VALUE, AckCode.MSG_RESOURCE_TYPE_MISMATCH, "A reference points at a resource of the wrong type or cannot be resolved"),
    PROFILE_VIOLATION(422, IssueType.PROCESSING, AckCode.MSG_DATATYPE_WRONG, "The resource does not conform to the adapter's profile"),
    IDENTITY_CONFLICT(422, IssueType.CONFLICT, AckCode.MSG_DUPLICATE_ID, "The identifiers given belong to different existing resources"),
    DUPLICATE_IDENTIFIER(409, IssueType.DUPLICATE, AckCode.MSG_DUPLICATE_ID, "Another resource already has this identifier"),
    NOT_FOUND(404, IssueType.NOTFOUND, AckCode.MSG_NO_EXIST, "No resource with that id"),
    UNKNOWN_RESOURCE_TYPE(404, IssueType.NOTSUPPORTED, AckCode.MSG_RESOURCE_NOT_ALLOWED, "The server does not serve this resource type"),
    VERSION_NOT_FOUND(404, IssueType.NOTFOUND, AckCode.MSG_NO_EXIST, "No such version of the resource"),
    METHOD_NOT_ALLOWED(405, IssueType.NOTSUPPORTED, AckCode.MSG_RESOURCE_NOT_ALLOWED, "The interaction is not supported on this resource type"),
    VERSION_CONFLICT(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "The resource was changed by someone else meanwhile"),
    PRECONDITION_FAILED(412, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "If-Match names another version than the current one"),
    INTERNAL_ERROR(500, IssueType.EXCEPTION, AckCode.MSG_LOCAL_FAIL, "The server failed; the request left nothing behind"),
    NOT_A_MESSAGE(400, IssueType.INVALID, AckCode.MSG_BAD_FORMAT, "The body is not a message the endpoint takes (a FHIR message Bundle with its MessageHeader first, or a MedCom GGOP document)"),
    WRONG_RECEIVER(422, IssueType.BUSINESSRULE, AckCode.MSG_RECEIVER_IDENTIFIER_UNKNOWN, "The message is addressed to another receiver than this municipality"),
    UNKNOWN_PLAN(422, IssueType.NOTFOUND, AckCode.MSG_NO_EXIST, "A correction or retraction refers to a message or plan the adapter never received"),
    INVALID_TRANSITION(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The status change is not allowed from the current status"),
    COURSE_ALREADY_OPEN(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The citizen already has an open course for the same plan (or the same referral)"),
    COURSE_CLOSED(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The course is finished or cancelled: nothing more can be booked or recorded on it"),
    PACKAGE_EXHAUSTED(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The course's package (plus extra sessions granted) has no session left for this booking"),
    TEAM_FULL(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The team session has no free place"),
    FREE_CHOICE_OFFER_MISSING(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The first meeting lies after the free-choice date and the free-choice offer is not recorded on the plan"),
    UNKNOWN_PACKAGE(422, IssueType.NOTFOUND, AckCode.MSG_VALUESET_VALUE_UNKNOWN, "The package (PlanDefinition canonical) is not in the service catalogue"),
    DELIVERY_NOT_RETRYABLE(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL,
            "The delivery cannot be retried: it was delivered, or it was not sent for a reason a retry cannot change"),
    PRECONDITION_REQUIRED(428, IssueType.REQUIRED, AckCode.MSG_BAD_FORMAT, "An update must name the version it changes in If-Match (W/\"3\")"),
    PAYLOAD_TOO_LARGE(413, IssueType.TOOLONG, AckCode.MSG_BAD_FORMAT, "The request body is larger than the adapter takes (adapter.limits.max-body-size)"),
    NESTING_TOO_DEEP(400, IssueType.TOOLONG, AckCode.MSG_BAD_FORMAT, "The body nests objects, arrays or elements deeper than the adapter takes (adapter.limits.max-depth)"),
    HEADERS_TOO_LARGE(431, IssueType.TOOLONG, AckCode.MSG_BAD_FORMAT, "The request line and headers are larger than the adapter takes (adapter.limits.max-header-size)"),
    TOO_MANY_ENTRIES(413, IssueType.TOOLONG, AckCode.MSG_BAD_FORMAT, "The Bundle has more entries than the adapter takes (adapter.limits.max-bundle-entries)"),
    SERVER_BUSY(503, IssueType.TRANSIENT, AckCode.MSG_LOCAL_FAIL, "The server is working on as many writes as it takes at once and this one waited too long for its turn; nothing was stored; send it again after Retry-After"),
    UNAUTHENTICATED(401, IssueType.LOGIN, AckCode.MSG_RESOURCE_NOT_ALLOWED, "No valid bearer token: none was sent, or it is malformed, expired, not yet valid, wrongly signed, from another issuer or for another audience"),
    FORBIDDEN(403, IssueType.FORBIDDEN, AckCode.MSG_RESOURCE_NOT_ALLOWED, "The token's client kind or scopes do not allow this interaction"),
    // free choice of provider and transfers (issue 13, item 4)
    PROVIDER_NOT_CONTRACTED(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The provider is not on the municipality's list of contracted providers (adapter.free-choice.providers)"),
    MUNICIPALITY_UNKNOWN(422, IssueType.NOTFOUND, AckCode.MSG_LOCAL_FAIL, "The municipality is not in the endpoint directory (adapter.delivery.endpoints), or it is this municipality"),
    PLAN_ALREADY_TRANSFERRED(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "The plan has been transferred to another provider or municipality already"),
    PLAN_NOT_TRANSFERABLE(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "The plan cannot be transferred: it is not active or on hold, or it is specialised (the region delivers it)"),
    COURSE_ALREADY_FINISHED(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "The plan's course is finished or cancelled already: there is no course left to transfer"),
    // Issue 13 items 2 and 3: contact with the citizen and reminders
    NO_BOOKED_SESSION(422, IssueType.BUSINESSRULE, AckCode.MSG_LOCAL_FAIL, "The plan has no open course with a booked session ahead: there is no first meeting to write to the citizen about"),
    // course finish ($finish) and Jobcenter referrals; invalid-parameters is every operation's (also $transfer, $statistics)
    INVALID_PARAMETERS(400, IssueType.INVALID, AckCode.MSG_PARAM_INVALID, "The operation's parameters lack one it needs, name one it does not know, give one of the wrong type or a malformed value, or contradict each other (e.g. start after end)"),
    COURSE_ALREADY_CLOSED(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "The course is already finished or cancelled"),
    PAST_SESSIONS_OPEN(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "Sessions in the past are still booked without an outcome (attended, no-show or cancelled)"),
    FINAL_STATUS_MISSING(409, IssueType.CONFLICT, AckCode.MSG_LOCAL_FAIL, "No final functional status (an end-phase FSIII assessment) is given or recorded for the course"),
    // hospital notifications (issue 13.1)
    UNKNOWN_NOTIFICATION_EVENT(422, IssueType.CODEINVALID, AckCode.MSG_VALUESET_VALUE_UNKNOWN, "The hospital notification's activity (Provenance.activity) is not one of MedCom HospitalNotification's events"),
    // KL Gateway § 140 report ($kl-gateway-report)
    KL_REPORT_PERIOD_MISSING(400, IssueType.REQUIRED, AckCode.MSG_PARAM_INVALID, "$kl-gateway-report needs a period (start and end) or incremental=true"),
    KL_REPORT_PERIOD_REVERSED(400, IssueType.INVALID, AckCode.MSG_PARAM_INVALID, "The period's start lies after its end"),
    KL_REPORT_PARAMETERS_CONFLICT(400, IssueType.INVALID, AckCode.MSG_PARAM_INVALID, "A period needs both start and end, and a report is either for a period or incremental, not both"),
    // annual report (issue 12)
    INVALID_REPORT_PERIOD(400, IssueType.VALUE, AckCode.MSG_PARAM_INVALID, "The report period is not valid: year or start and end (dates, end not before start) are needed, and it cannot lie in the future"),
    UNKNOWN_REPORT_TABLE(400, IssueType.NOTSUPPORTED, AckCode.MSG_PARAM_INVALID, "The table named is not a table of the report"),
    REPORT_TABLE_REQUIRED(400, IssueType.REQUIRED, AckCode.MSG_PARAM_INVALID, "CSV holds one table: _format=csv needs table"),
    REPORT_JOB_NOT_FOUND(404, IssueType.NOTFOUND, AckCode.MSG_NO_EXIST, "No report job with that id: it never existed, was cancelled, or has expired");

    private final int httpStatus;
    private final IssueType issueType;
    private final AckCode ack;
    private final String display;

    ErrorCode(int httpStatus, IssueType issueType, AckCode ack, String display) {
        this.httpStatus = httpStatus;
        this.issueType = issueType;
        this.ack = ack;
        this.display = display;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public IssueType issueType() {
        return issueType;
    }

    /** The MedCom acknowledgement code nearest to this one (in the answer to a refused hospital message). */
    public AckCode ack() {
        return ack;
    }

    public String display() {
        return display;
    }

    /** The code as it appears in details.coding: lower-case with dashes. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
