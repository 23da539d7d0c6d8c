package dk.rehab.adapter.audit;

import dk.rehab.adapter.security.Caller;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the audit trail learns about the request this thread is handling, from the filter ({@link AuditFilter}: address,
 * path, caller), the FHIR server ({@link AuditInterceptor}: interaction, query, what was answered), the fast read path
 * and the writes ({@link WriteAudit}). One per request; bound to the request thread while it runs.
 */
public final class AuditContext {
    private static final ThreadLocal<AuditContext> CURRENT = new ThreadLocal<>();

    final String method;
    final String path;
    final String address;
    Caller caller;
    String subtype;
    Character action;
    String query;
    /** Patient/id entries and Type/id of the resources, in the order met. */
    final Set<String> entities = new LinkedHashSet<>();
    /** A write of this request was audited in its own transaction (the request needs no second event for success). */
    boolean writeAudited;
    /** Not audited: e.g. the auditor reading the audit trail. */
    boolean skip;

    AuditContext(String method, String path, String address) {
        this.method = method;
        this.path = path;
        this.address = address;
    }

    /** The request this thread is handling, or null (a scheduled job, a test calling a service directly). */
    public static AuditContext current() {
        return CURRENT.get();
    }

    static void bind(AuditContext context) {
        CURRENT.set(context);
    }

    static void unbind() {
        CURRENT.remove();
    }

    /** The FHIR interaction (restful-interaction code) and its action letter. */
    public void interaction(String subtype, char action) {
        this.subtype = subtype;
        this.action = action;
    }

    /** A resource the request touched ({@code Type/id}); {@code patient} its Patient ({@code Patient/id}) or null. */
    public void touched(String reference, String patient) {
        if (patient != null) {
            entities.add(patient);
        }
        if (reference != null) {
            entities.add(reference);
        }
    }

    /** A read answered from stored JSON (the fast read path): the resource and its Patient, found in the JSON. */
    public static void read(String type, String id, String json) {
        AuditContext context = CURRENT.get();
        if (context != null) {
            context.interaction("read", 'R');
            context.touched(type + "/" + id, PatientRefs.ofJson(type, id, json));
        }
    }

    public void query(String query) {
        this.query = query;
    }

    void skip() {
        this.skip = true;
    }
}
