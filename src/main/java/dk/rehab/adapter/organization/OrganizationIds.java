package dk.rehab.adapter.organization;

import dk.rehab.adapter.fhir.Canonical;

/**
 * Rules for the identifiers that name a Danish health organisation: SOR ids and GLN/EAN location numbers.
 * GLN arrives under two system URIs (DK Core >= 3.5.0 writes {@code http://www.gs1.org/gln}, older DK Core
 * and every MedCom example {@code https://www.gs1.org/gln}); both are accepted and stored as the first.
 */
public final class OrganizationIds {
    private OrganizationIds() {
    }

    public static boolean isGln(String system) {
        return Canonical.SYSTEM_GLN.equals(system) || Canonical.SYSTEM_GLN_HTTPS.equals(system);
    }

    public static String normaliseSystem(String system) {
        return isGln(system) ? Canonical.SYSTEM_GLN : system;
    }

    /** Why {@code value} is not a GLN, or null: 13 digits whose last is the GS1 modulus-10 check digit. */
    public static String glnProblem(String value) {
        if (value == null || value.length() != 13 || !value.chars().allMatch(Character::isDigit)) {
            return "a GLN/EAN number must be exactly 13 digits";
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = value.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        int check = (10 - sum % 10) % 10;
        return check == value.charAt(12) - '0' ? null : "the GLN/EAN check digit is wrong";
    }

    /** Why {@code value} is not a SOR id, or null: SOR ids (SNOMED CT-style identifiers) are 11 to 18 digits. */
    public static String sorProblem(String value) {
        if (value == null || value.length() < 11 || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return "a SOR id must be 11 to 18 digits";
        }
        return null;
    }
}
