package dk.rehab.adapter.ggop;

import static dk.rehab.adapter.ggop.GgopParts.address;
import static dk.rehab.adapter.ggop.GgopParts.addressText;
import static dk.rehab.adapter.ggop.GgopParts.person;
import static dk.rehab.adapter.ggop.Texts.join;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.organization.OrganizationIds;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.w3c.dom.Element;

/**
 * The GGOP's organisations: the sending department and the receiving municipality (Organizations with EAN as GLN, the
 * Identifier by its IdentifierCode, name, address, phone; the receiver must be this municipality), the sender's signer
 * and co-writer (notes), and the copy and final-status receivers named by identifier ({@link #logical}).
 */
final class GgopOrganizations {
    static final String SYSTEM_DEPARTMENT = Canonical.BASE + "/NamingSystem/ggop-sygehusafdelingsnummer";

    private final AdapterProperties.Messaging config;

    GgopOrganizations(AdapterProperties.Messaging config) {
        this.config = config;
    }

    /** The sender (required), and its signer and co-writer as notes. */
    Organization sender(GgopContext ctx) {
        GgopDocument doc = ctx.doc();
        Element sender = doc.child(ctx.plan(), "Sender");
        Organization org = organization(doc, sender, GgopContext.PLAN + "/Sender", ctx.problems());
        ctx.notes().add("Underskrevet af", person(doc, doc.child(sender, "SignedBy")));
        ctx.notes().add("Medforfatter", person(doc, doc.child(sender, "CoWriter")));
        return org;
    }

    /** The receiver (required), which must be this municipality (by EAN or municipality number). */
    Organization receiver(GgopContext ctx) {
        Element element = ctx.doc().child(ctx.plan(), "Receiver");
        Organization receiver = organization(ctx.doc(), element, GgopContext.PLAN + "/Receiver", ctx.problems());
        if (element != null && !isUs(receiver)) {
            ctx.problems().add(ErrorCode.WRONG_RECEIVER, "the plan is addressed to another receiver than this municipality (EAN "
                    + config.ean() + ", municipality number " + config.municipality() + ")", GgopContext.PLAN + "/Receiver");
        }
        return receiver;
    }

    private boolean isUs(Organization receiver) {
        if (receiver == null) {
            return false;
        }
        return receiver.getIdentifier().stream().anyMatch(i -> OrganizationIds.isGln(i.getSystem()) && config.ean().equals(i.getValue())
                || Canonical.SYSTEM_MUNICIPALITY_CODE.equals(i.getSystem()) && config.isMunicipality(i.getValue()));
    }

    /** A required sender or receiver: EAN as GLN, its Identifier by IdentifierCode, name, address, phone. */
    private static Organization organization(GgopDocument doc, Element e, String at, Problems problems) {
        if (e == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the element is required", at);
            return null;
        }
        Organization org = new Organization();
        String ean = doc.text(e, "EANIdentifier");
        if (ean == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the EAN location number is required", at + "/EANIdentifier");
        } else if (OrganizationIds.glnProblem(ean) != null) {
            problems.add(ErrorCode.INVALID_IDENTIFIER, OrganizationIds.glnProblem(ean), at + "/EANIdentifier");
        } else {
            org.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_GLN).setValue(ean);
        }
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        if (id != null) {
            if ("kommunenummer".equals(code) && Texts.MUNICIPALITY_NUMBER.matcher(id).matches()) {
                org.addIdentifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue(String.format("%04d", Integer.parseInt(id)));
            } else if ("sygehusafdelingsnummer".equals(code)) {
                org.addIdentifier().setSystem(SYSTEM_DEPARTMENT).setValue(id);
            } else if ("sorkode".equalsIgnoreCase(code) || "sor".equalsIgnoreCase(code)) {
                org.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(id);
            } else {
                org.addIdentifier().setSystem(otherSystem(code)).setValue(id);
            }
        }
        String name = join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"));
        org.setName(name == null ? "(uden navn)" : name);
        address(doc, e).ifPresent(org::addAddress);
        String phone = doc.text(e, "TelephoneSubscriberIdentifier");
        if (phone != null) {
            org.addTelecom(GgopParts.phone(phone));
        }
        return org;
    }

    /** A copy or final-status receiver, named by identifier (not stored: its EAN need not be a valid GLN). */
    static Reference logical(GgopDocument doc, Element e) {
        String ean = doc.text(e, "EANIdentifier");
        String id = doc.text(e, "Identifier");
        String code = doc.text(e, "IdentifierCode");
        Reference ref = new Reference();
        if ("ydernummer".equals(code) && id != null) {
            ref.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue(id));
        } else if (ean != null && OrganizationIds.glnProblem(ean) == null) {
            ref.setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_GLN).setValue(ean));
        } else if (id != null) {
            ref.setIdentifier(new Identifier().setSystem(otherSystem(code)).setValue(id));
        }
        ref.setType("Organization");
        ref.setDisplay(join(", ", doc.text(e, "OrganisationName"), doc.text(e, "DepartmentName"), doc.text(e, "UnitName"),
                ean == null ? null : "EAN " + ean, addressText(doc, e)));
        return ref;
    }

    /** The naming system of an identifier the adapter has no system of its own for: named by its IdentifierCode. */
    private static String otherSystem(String code) {
        return Canonical.BASE + "/NamingSystem/ggop-" + (code == null ? "identifier" : code);
    }

    /** The organisation's EAN (GLN), or "unknown". */
    static String ean(Organization org) {
        return org.getIdentifier().stream().filter(i -> Canonical.SYSTEM_GLN.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElse("unknown");
    }
}
