package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.Texts.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;
import org.w3c.dom.Element;

/**
 * The GGOP's recurring element groups, read the same wherever they stand: a person's name, an address, phones, and the
 * one-line texts of a person, a place, a code and a date with time (for the plan's notes).
 */
final class GgopParts {
    private static final Map<String, ContactPointUse> PHONE_USE = Map.of(
            "mobil", ContactPointUse.MOBILE, "fastnet", ContactPointUse.HOME, "arbejde", ContactPointUse.WORK);

    private GgopParts() {
    }

    static HumanName name(GgopDocument doc, Element e) {
        String family = doc.text(e, "PersonSurnameName");
        String given = doc.text(e, "PersonGivenName");
        if (family == null && given == null) {
            return null;
        }
        HumanName name = new HumanName();
        if (family != null) {
            name.setFamily(family);
        }
        if (given != null) {
            name.addGiven(given);
        }
        return name;
    }

    static Optional<Address> address(GgopDocument doc, Element e) {
        String street = doc.text(e, "StreetName");
        String suburb = doc.text(e, "SuburbName");
        String district = doc.text(e, "DistrictName");
        String postCode = doc.text(e, "PostCodeIdentifier");
        if (street == null && suburb == null && district == null && postCode == null) {
            return Optional.empty();
        }
        Address address = new Address();
        if (street != null) {
            address.addLine(street);
        }
        if (suburb != null) {
            address.addLine(suburb);
        }
        address.setCity(district).setPostalCode(postCode).setCountry("DK");
        return Optional.of(address);
    }

    static String addressText(GgopDocument doc, Element e) {
        return address(doc, e).map(a -> join(", ", join(", ", a.getLine().stream().map(StringType::getValue).toArray(String[]::new)),
                join(" ", a.getPostalCode(), a.getCity()))).orElse(null);
    }

    /** The phones of a person: each TelephoneSubscriber (with its use), then a direct TelephoneSubscriberIdentifier. */
    static List<ContactPoint> phones(GgopDocument doc, Element e) {
        List<ContactPoint> phones = new ArrayList<>();
        for (Element phone : doc.children(e, "TelephoneSubscriber")) {
            String number = doc.text(phone, "TelephoneSubscriberIdentifier");
            String code = doc.text(phone, "TelephoneSubscriberCode");
            if (number != null) {
                ContactPoint point = new ContactPoint().setSystem(ContactPointSystem.PHONE).setValue(number);
                if (code != null && PHONE_USE.containsKey(code)) {
                    point.setUse(PHONE_USE.get(code));
                }
                phones.add(point);
            }
        }
        String direct = doc.text(e, "TelephoneSubscriberIdentifier");
        if (direct != null) {
            phones.add(phone(direct));
        }
        return phones;
    }

    static ContactPoint phone(String number) {
        return new ContactPoint().setSystem(ContactPointSystem.PHONE).setValue(number);
    }

    static ContactPoint email(String address) {
        return new ContactPoint().setSystem(ContactPointSystem.EMAIL).setValue(address);
    }

    /** A person (signer, co-writer, team member) as one line: name, title, identifier, phone, department. */
    static String person(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        doc.markAll(e);
        return join(", ", join(" ", doc.text(e, "PersonGivenName"), doc.text(e, "PersonSurnameName")), doc.text(e, "PersonTitle"),
                identifierText(doc, e), phoneText(doc.text(e, "TelephoneSubscriberIdentifier")), doc.text(e, "DepartmentName"));
    }

    /** An organisation or place as one line: every part of it. */
    static String describe(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        doc.markAll(e);
        String ean = doc.text(e, "EANIdentifier");
        return join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"),
                addressText(doc, e), phoneText(doc.text(e, "TelephoneSubscriberIdentifier")),
                ean == null ? null : "EAN " + ean, identifierText(doc, e));
    }

    private static String identifierText(GgopDocument doc, Element e) {
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        return id == null ? null : (code == null ? "id " : code + " ") + id;
    }

    private static String phoneText(String phone) {
        return phone == null ? null : "tlf. " + phone;
    }

    static String codeText(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        return join(" ", doc.text(e, "Code"), doc.text(e, "Text") == null ? null : "(" + doc.text(e, "Text") + ")",
                doc.text(e, "TypeCode") == null ? null : "[" + doc.text(e, "TypeCode") + "]");
    }

    static String dateTime(GgopDocument doc, Element e) {
        if (e == null) {
            return null;
        }
        return join(" ", doc.text(e, "Date"), doc.text(e, "Time"));
    }
}
