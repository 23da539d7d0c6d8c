package dk.rehab.adapter.message;

import dk.rehab.adapter.support.H2;

@H2
class AcknowledgementReadH2Test extends AcknowledgementReadTests {
}
