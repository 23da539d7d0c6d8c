package dk.rehab.adapter.fhir;

import dk.rehab.adapter.support.H2;

@H2
class ErrorH2Test extends ErrorTests {
}
