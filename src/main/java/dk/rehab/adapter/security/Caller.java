package dk.rehab.adapter.security;

import java.util.List;

/**
 * Who is calling, as the validated token says: its kind, its organisation's id (SOR id or GLN of a hospital,
 * ydernummer or GLN of a GP; none for the other kinds), its subject and its system scopes.
 */
public record Caller(ClientKind kind, String organisation, String subject, List<Scope> scopes) {

    /** Whether some scope grants {@code permission} (c, r, u, d, s) on {@code resourceType}. */
    public boolean may(String resourceType, char permission) {
        for (Scope scope : scopes) {
            if (scope.grants(resourceType, permission)) {
                return true;
            }
        }
        return false;
    }
}
