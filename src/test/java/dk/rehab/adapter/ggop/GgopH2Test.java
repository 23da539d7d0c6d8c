package dk.rehab.adapter.ggop;

import dk.rehab.adapter.support.H2;

@H2
class GgopH2Test extends GgopTests {
}
