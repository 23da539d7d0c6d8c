package dk.rehab.adapter.export;

import dk.rehab.adapter.support.H2;

@H2
class GroupExportH2Test extends GroupExportTests {
}
