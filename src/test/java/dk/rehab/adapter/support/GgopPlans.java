package dk.rehab.adapter.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GGOP test plans written for this project (not MedCom's sample): a builder for the variants the adapter must
 * read — plan types, a Deselected GP copy, several final-status receivers, missing optional parts, a byte-order
 * mark — and for the bad documents it must refuse.
 */
public final class GgopPlans {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);
    public static final String SENDER_EAN = Plans.gln("579000135415");
    public static final String OUR_EAN = "5790000121441";

    public String namespace = "urn:oio:medcom:municipality:1.0.4";
    public String root = "Emessage";
    public String envelopeId = String.valueOf(IDS.incrementAndGet());
    public String letterId = String.valueOf(IDS.incrementAndGet());
    public String cpr;
    public String planType = "almen";
    public String discharge = java.time.LocalDate.now().minusDays(1).toString();
    public String admission = java.time.LocalDate.now().minusDays(8).toString();
    public String receiverEan = OUR_EAN;
    public String receiverMunicipality = "183";
    /** null: no GPCCReceiver; "deselected": Deselected; otherwise a GP with this ydernummer. */
    public String gp = "012345";
    public int resultReceivers = 1;
    public boolean optionalParts = true;
    public boolean bom;

    public GgopPlans(String cpr) {
        this.cpr = cpr;
    }

    public GgopPlans set(java.util.function.Consumer<GgopPlans> change) {
        change.accept(this);
        return this;
    }

    public byte[] bytes() {
        byte[] text = xml().getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return text;
        }
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(text, 0, withBom, 3, text.length);
        return withBom;
    }

    public String xml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<").append(root).append(" xmlns=\"").append(namespace).append("\" xmlns:mm100=\"urn:oio:medcom:municipality:1.0.0\">\n");
        x.append(" <Envelope xmlns=\"urn:oio:medcom:municipality:1.0.0\"><Sent><Date>2026-11-30</Date><Time>08:15</Time></Sent>")
                .append("<Identifier>").append(envelopeId).append("</Identifier><AcknowledgementCode>plustransportkvitt</AcknowledgementCode></Envelope>\n");
        x.append(" <RehabilitationPlan>\n");
        x.append("  <Letter><Identifier>").append(letterId).append("</Identifier><VersionCode>GGOP100</VersionCode>")
                .append("<StatisticalCode>GGOP1</StatisticalCode><Authorisation><mm100:Date>2026-11-30</mm100:Date><mm100:Time>08:00</mm100:Time></Authorisation>")
                .append("<TypeCode>GGOP</TypeCode></Letter>\n");
        x.append("  <Sender><mm100:EANIdentifier>").append(SENDER_EAN).append("</mm100:EANIdentifier><mm100:Identifier>1234567</mm100:Identifier>")
                .append("<IdentifierCode>sygehusafdelingsnummer</IdentifierCode><mm100:OrganisationName>Testhospitalet</mm100:OrganisationName>")
                .append("<mm100:DepartmentName>Afdeling for test</mm100:DepartmentName>");
        if (optionalParts) {
            x.append("<SignedBy><PersonGivenName>Tina</PersonGivenName><PersonSurnameName>Terapeut</PersonSurnameName><PersonTitle>Fysioterapeut</PersonTitle></SignedBy>");
        }
        x.append("</Sender>\n");
        x.append("  <Receiver><mm100:EANIdentifier>").append(receiverEan).append("</mm100:EANIdentifier><mm100:Identifier>")
                .append(receiverMunicipality).append("</mm100:Identifier><IdentifierCode>kommunenummer</IdentifierCode>")
                .append("<mm100:OrganisationName>Testkommune</mm100:OrganisationName></Receiver>\n");
        if ("deselected".equals(gp)) {
            x.append("  <GPCCReceiver><Deselected/></GPCCReceiver>\n");
        } else if (gp != null) {
            x.append("  <GPCCReceiver><CCReceiver><mm100:EANIdentifier>").append(Plans.gln("579000201227")).append("</mm100:EANIdentifier>")
                    .append("<mm100:Identifier>").append(gp).append("</mm100:Identifier><IdentifierCode>ydernummer</IdentifierCode>")
                    .append("<mm100:OrganisationName>Lægerne i Testby</mm100:OrganisationName></CCReceiver></GPCCReceiver>\n");
        }
        x.append("  <Patient>");
        if (cpr != null) {
            x.append("<mm100:CivilRegistrationNumber>").append(cpr).append("</mm100:CivilRegistrationNumber>");
        }
        x.append("<mm100:PersonSurnameName>Testesen</mm100:PersonSurnameName><mm100:PersonGivenName>Test</mm100:PersonGivenName>");
        if (optionalParts) {
            x.append("<mm100:StreetName>Testvej 1</mm100:StreetName><mm100:DistrictName>Testby</mm100:DistrictName><mm100:PostCodeIdentifier>2635</mm100:PostCodeIdentifier>")
                    .append("<TelephoneSubscriber><mm100:TelephoneSubscriberIdentifier>+4512345678</mm100:TelephoneSubscriberIdentifier><TelephoneSubscriberCode>mobil</TelephoneSubscriberCode></TelephoneSubscriber>")
                    .append("<EmailAddressIdentifier>test@example.dk</EmailAddressIdentifier>");
        }
        x.append("</Patient>\n");
        if (optionalParts) {
            x.append("  <Relatives><Relative><mm100:RelationCode>barn</mm100:RelationCode><mm100:PersonSurnameName>Testesen</mm100:PersonSurnameName>")
                    .append("<mm100:PersonGivenName>Tove</mm100:PersonGivenName></Relative></Relatives>\n");
        }
        if (planType != null) {
            x.append("  <TypeOfRehabilitationPlan>").append(planType).append("</TypeOfRehabilitationPlan>\n");
        }
        if (optionalParts) {
            x.append("  <InformationForPatientAndRelatives>Informeret om forløbet.</InformationForPatientAndRelatives>\n")
                    .append("  <ConsentInformed>ja</ConsentInformed>\n")
                    .append("  <RehabilitationDeadline>Når såret er helet</RehabilitationDeadline>\n");
        }
        x.append("  <CurrentHospitalContact><Start><Date>").append(admission).append("</Date><Time>10:00</Time></Start>");
        if (discharge != null) {
            x.append("<ExpectedEnd><Date>").append(discharge).append("</Date><Time>12:00</Time></ExpectedEnd>");
        } else {
            x.append("<ExpectedEndText>Ikke fastlagt</ExpectedEndText>");
        }
        x.append("</CurrentHospitalContact>\n");
        if (optionalParts) {
            x.append("  <AbilityAtDischargeExtended xmlns=\"urn:oio:medcom:municipality:1.0.0\"><Bold>Mobilitet</Bold><Break/><Italic>Går med rollator</Italic></AbilityAtDischargeExtended>\n")
                    .append("  <ICD10Diagnoses><ICD10Diagnose><PrimaryDiagnosis><Code>DS720</Code><TypeCode>ICD10kode</TypeCode><Text>Brud på lårbenshals</Text></PrimaryDiagnosis></ICD10Diagnose></ICD10Diagnoses>\n")
                    .append("  <JournalExcerpt><TypeOfExcerpt>Operationsbeskrivelse</TypeOfExcerpt><Comment>Ukompliceret.</Comment></JournalExcerpt>\n");
        }
        if (resultReceivers > 0) {
            x.append("  <FinalResult>");
            for (int i = 0; i < resultReceivers; i++) {
                x.append("<ResultReceiver><mm100:EANIdentifier>").append(Plans.gln("57900020123" + i)).append("</mm100:EANIdentifier>")
                        .append("<mm100:Identifier>0").append(40000 + i).append("</mm100:Identifier><IdentifierCode>ydernummer</IdentifierCode>")
                        .append("<mm100:OrganisationName>Modtager ").append(i + 1).append("</mm100:OrganisationName></ResultReceiver>");
            }
            x.append("</FinalResult>\n");
        }
        x.append(" </RehabilitationPlan>\n</").append(root).append(">\n");
        return x.toString();
    }
}
