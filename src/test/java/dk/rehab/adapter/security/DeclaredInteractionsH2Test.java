package dk.rehab.adapter.security;

import dk.rehab.adapter.support.H2;

@H2
class DeclaredInteractionsH2Test extends DeclaredInteractionsTests {
}
