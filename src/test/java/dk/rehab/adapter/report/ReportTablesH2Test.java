package dk.rehab.adapter.report;

import dk.rehab.adapter.support.H2;

@H2
class ReportTablesH2Test extends ReportTablesTests {
}
