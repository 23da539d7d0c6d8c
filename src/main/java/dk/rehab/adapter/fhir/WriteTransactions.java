package dk.rehab.adapter.fhir;

import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one write (a request, a Bundle, later a message) as one database transaction: everything is stored,
 * or nothing. Identity races (two requests creating the same citizen, organisation or plan at the same moment)
 * end in a unique-key violation for one of them; that one is run again from the start and then finds what the
 * other stored. A write that loses a lock race (a lock wait timed out, or the database chose it as a deadlock victim,
 * e.g. two bookings of the last place on a team) is run again the same way.
 */
@Component
public class WriteTransactions {
    private static final int ATTEMPTS = 3;
    private final TransactionTemplate tx;

    public WriteTransactions(PlatformTransactionManager transactionManager) {
        this.tx = new TransactionTemplate(transactionManager);
    }

    public <T> T run(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> work.get());
            } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    AdapterException conflict = new AdapterException(ErrorCode.VERSION_CONFLICT,
                            "the same resource was written concurrently several times; send the request again", null);
                    conflict.initCause(e);
                    throw conflict;
                }
            }
        }
    }
}
