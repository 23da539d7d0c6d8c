package dk.rehab.adapter.course;

import dk.rehab.adapter.support.H2;

@H2
class CourseFinishH2Test extends CourseFinishTests {
}
