package dk.rehab.adapter.support;

import dk.rehab.adapter.fhir.Canonical;
import java.util.List;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;

/** Cohorts of citizens ({@code rehab-group}) for tests. */
public final class Cohorts {
    private Cohorts() {
    }

    /** An actual group of persons named {@code name} whose members are {@code patientRefs} ({@code Patient/id}). */
    public static Group cohort(String name, List<String> patientRefs) {
        Group group = new Group();
        group.getMeta().addProfile(Canonical.PROFILE_GROUP);
        group.addIdentifier().setSystem("urn:oid:1.2.208.176.43.99.1.9").setValue("COHORT-" + java.util.UUID.randomUUID());
        group.setType(Group.GroupType.PERSON);
        group.setActual(true);
        group.setName(name);
        patientRefs.forEach(ref -> group.addMember().setEntity(new Reference(ref)));
        return group;
    }
}
