package dk.rehab.adapter.fhir.search;

/**
 * The SQL condition "this delivery is addressed to the organisation with this identifier value": the recipient's
 * identifier on the delivery (ydernummer, GLN, SOR), or an identifier of the Organization it refers to. Used by the
 * {@code recipient} search parameter of Task and DocumentReference, and by the compartment checks.
 */
public final class Recipients {
    private Recipients() {
    }

    /** @param delivery the alias of the {@code delivery} table; @param value a bind placeholder of the identifier value */
    public static String addressedTo(String delivery, String value) {
        return "(" + delivery + ".recipient_value = " + value + " or " + delivery + ".recipient_ref in (select 'Organization/' || i.res_id"
                + " from resource_identifier i where i.id_value = " + value + " and i.res_type = 'Organization'))";
    }
}
