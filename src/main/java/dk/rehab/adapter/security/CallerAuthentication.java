package dk.rehab.adapter.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A validated bearer token and the {@link Caller} it names, as Spring Security holds it for the request. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
    private final Caller caller;
    private final transient Jwt jwt;

    CallerAuthentication(Caller caller, Jwt jwt) {
        super(List.of(new SimpleGrantedAuthority("KIND_" + caller.kind().name())));
        this.caller = caller;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return jwt;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.subject();
    }
}
