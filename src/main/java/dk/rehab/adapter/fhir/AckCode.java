package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.Coding;

/**
 * The MedCom acknowledgement issue codes ({@code medcom-acknowledgement-operationoutcome}: {@code details.coding} from
 * HL7's operation-outcome codes or MedCom's acknowledgement error codes) that a refused hospital message's answer carries;
 * each {@link ErrorCode} names the one nearest to it.
 */
public enum AckCode {
    MSG_BAD_SYNTAX(Systems.HL7, "MSG_BAD_SYNTAX"),
    MSG_BAD_FORMAT(Systems.HL7, "MSG_BAD_FORMAT"),
    MSG_RESOURCE_REQUIRED(Systems.HL7, "MSG_RESOURCE_REQUIRED"),
    MSG_DATATYPE_WRONG(Systems.MEDCOM, "MSG_Datatype_Wrong"),
    MSG_VALUESET_VALUE_UNKNOWN(Systems.MEDCOM, "MSG_VALUESET_VALUE_UNKNOWN"),
    MSG_NO_EXIST(Systems.HL7, "MSG_NO_EXIST"),
    MSG_RESOURCE_TYPE_MISMATCH(Systems.HL7, "MSG_RESOURCE_TYPE_MISMATCH"),
    MSG_RECEIVER_IDENTIFIER_UNKNOWN(Systems.MEDCOM, "MSG_Receiver_Identifier_UNKNOWN"),
    MSG_DUPLICATE_ID(Systems.HL7, "MSG_DUPLICATE_ID"),
    MSG_RESOURCE_NOT_ALLOWED(Systems.HL7, "MSG_RESOURCE_NOT_ALLOWED"),
    MSG_PARAM_INVALID(Systems.HL7, "MSG_PARAM_INVALID"),
    MSG_LOCAL_FAIL(Systems.HL7, "MSG_LOCAL_FAIL");

    /** The two code systems the codes come from. */
    public static final class Systems {
        public static final String HL7 = "http://terminology.hl7.org/CodeSystem/operation-outcome";
        public static final String MEDCOM = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-acknowledgement-error-codes";

        private Systems() {
        }
    }

    private final String system;
    private final String code;

    AckCode(String system, String code) {
        this.system = system;
        this.code = code;
    }

    public String system() {
        return system;
    }

    /** The code as its code system writes it (MedCom's in mixed case: {@code MSG_Datatype_Wrong}). */
    public String code() {
        return code;
    }

    public Coding coding() {
        return new Coding(system, code, null);
    }
}
