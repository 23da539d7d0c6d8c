package dk.rehab.adapter.security;

import dk.rehab.adapter.support.H2;

@H2
class AuthorisationH2Test extends AuthorisationTests {
}
