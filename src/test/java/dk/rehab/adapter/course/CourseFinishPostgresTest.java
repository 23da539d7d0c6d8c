package dk.rehab.adapter.course;

import dk.rehab.adapter.support.Postgres;

@Postgres
class CourseFinishPostgresTest extends CourseFinishTests {
}
