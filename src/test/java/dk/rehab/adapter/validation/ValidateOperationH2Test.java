package dk.rehab.adapter.validation;

import dk.rehab.adapter.support.H2;

@H2
class ValidateOperationH2Test extends ValidateOperationTests {
}
