package dk.rehab.adapter.report;

import dk.rehab.adapter.support.H2;

@H2
class AnnualReportH2Test extends AnnualReportTests {
}
