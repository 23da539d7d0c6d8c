package dk.rehab.adapter.privacy;

import dk.rehab.adapter.support.H2;

@H2
class LogPrivacyH2Test extends LogPrivacyTests {
}
