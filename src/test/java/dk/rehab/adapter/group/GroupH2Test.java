package dk.rehab.adapter.group;

import dk.rehab.adapter.support.H2;

@H2
class GroupH2Test extends GroupTests {
}
