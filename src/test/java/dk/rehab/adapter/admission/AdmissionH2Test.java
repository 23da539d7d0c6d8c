package dk.rehab.adapter.admission;

import dk.rehab.adapter.support.H2;

@H2
class AdmissionH2Test extends AdmissionTests {
}
