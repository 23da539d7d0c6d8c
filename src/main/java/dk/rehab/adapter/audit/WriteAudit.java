package dk.rehab.adapter.audit;

import dk.rehab.adapter.store.ResourceWriteListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The AuditEvent of a write, stored in the write's own transaction: each resource a request stores is collected, and
 * just before the transaction commits one AuditEvent (outcome 0) naming them and their Patient is inserted. A write
 * that rolls back leaves no AuditEvent of success (the request's failure is audited by {@link AuditFilter}); a write
 * retried after a lost race is audited once, by the attempt that commits.
 */
@Component
public class WriteAudit implements ResourceWriteListener {
    private final Audits audits;

    public WriteAudit(Audits audits) {
        this.audits = audits;
    }

    @Override
    public void written(Resource resource) {
        AuditContext context = AuditContext.current();
        if (context == null || context.skip) {
            return; // not a request (a scheduled job): the job audits what it sends out itself
        }
        written(context, resource.fhirType() + "/" + resource.getIdElement().getIdPart(), PatientRefs.of(resource));
    }

    @Override
    public void written(String type, String id, String json) {
        AuditContext context = AuditContext.current();
        if (context == null || context.skip) {
            return;
        }
        written(context, type + "/" + id, PatientRefs.ofJson(type, id, json));
    }

    private void written(AuditContext context, String reference, String patient) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            context.touched(reference, patient); // no transaction to join: audited with the request
            return;
        }
        Pending pending = null;
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending p && p.context == context) {
                pending = p;
            }
        }
        if (pending == null) {
            pending = new Pending(context);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        if (patient != null) {
            pending.entities.add(patient);
        }
        pending.entities.add(reference);
    }

    private final class Pending implements TransactionSynchronization {
        private final AuditContext context;
        private final Set<String> entities = new LinkedHashSet<>();

        Pending(AuditContext context) {
            this.context = context;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            audits.storeNow(Audits.of(context, 0, "stored", new ArrayList<>(entities)));
        }

        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
                context.writeAudited = true;
                entities.forEach(e -> context.entities.add(e));
            }
        }
    }
}
