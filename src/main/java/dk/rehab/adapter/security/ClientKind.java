package dk.rehab.adapter.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of client the adapter knows, each with the SMART v2 system scopes a locally minted token of that kind
 * carries (an identity provider may grant fewer). What a kind may see beyond its scopes (its compartment) is
 * decided in {@link AccessRules}.
 */
public enum ClientKind {
    /** Sends plans (transaction, $process-message, GGOP); reads and updates the plans it sent, the acknowledgements of its messages, and what is addressed to it. */
    HOSPITAL("system/ServiceRequest.crus system/Patient.crs system/Organization.crs system/Condition.crs "
            + "system/Bundle.crs system/MessageHeader.c system/DocumentReference.rs system/Binary.r system/Task.rs"),
    /** Reads the final statuses (DocumentReference, Binary) and delivery Tasks addressed to it, and their Patient. */
    GP("system/DocumentReference.rs system/Binary.r system/Task.rs system/Patient.rs"),
    /** The municipality that runs the adapter: everything. */
    MUNICIPALITY("system/*.cruds"),
    /** The report operations only. */
    REPORTING("system/MeasureReport.rs"),
    /** The data-protection officer: AuditEvent read and search. */
    AUDITOR("system/AuditEvent.rs"),
    /**
     * Another municipality's adapter (id: its SOR id or municipality code): hands a citizen's plan over to this one
     * ({@code $process-message} with a transfer message in its own name) and nothing else.
     */
    OTHER_MUNICIPALITY("system/MessageHeader.c");

    private final String defaultScopes;

    ClientKind(String defaultScopes) {
        this.defaultScopes = defaultScopes;
    }

    /** The scopes a locally minted token of this kind carries. */
    public String defaultScopes() {
        return defaultScopes;
    }

    /** The name in tokens and on the command line: lower case, words joined by a hyphen ({@code other-municipality}). */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ClientKind> of(String value) {
        for (ClientKind kind : values()) {
            if (kind.claimValue().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
