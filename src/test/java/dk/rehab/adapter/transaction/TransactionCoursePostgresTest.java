package dk.rehab.adapter.transaction;

import dk.rehab.adapter.support.Postgres;

@Postgres
class TransactionCoursePostgresTest extends TransactionCourseTests {
}
