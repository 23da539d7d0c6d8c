package dk.rehab.adapter.transaction;

import dk.rehab.adapter.support.H2;

@H2
class TransactionCourseH2Test extends TransactionCourseTests {
}
