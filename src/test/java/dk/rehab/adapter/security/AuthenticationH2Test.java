package dk.rehab.adapter.security;

import dk.rehab.adapter.support.H2;

@H2
class AuthenticationH2Test extends AuthenticationTests {
}
