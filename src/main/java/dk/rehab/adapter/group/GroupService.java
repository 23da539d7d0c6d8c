package dk.rehab.adapter.group;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Group;
import org.springframework.stereotype.Service;

/**
 * A cohort of citizens ({@code rehab-group}, a Group): {@code type = person}, {@code actual = true}, a name, and members
 * whose {@code entity} is a Patient the adapter holds (a literal {@code Patient/[id]}, a Bundle placeholder, or a logical
 * reference by CPR number, stored as {@code Patient/[id]}), each at most once. {@code quantity} is computed: the number
 * of members. A member leaves by being removed (no {@code period}, no {@code inactive}). Runs inside the caller's transaction.
 */
@Service
public class GroupService {
    private final ResourceStore store;
    private final ReferenceResolver references;

    public GroupService(ResourceStore store, ReferenceResolver references) {
        this.store = store;
        this.references = references;
    }

    /** Checks {@code group} ({@code at} its FHIRPath) and points each member at its stored Patient; adds what is wrong to {@code problems}. */
    public void check(Group group, String at, Problems problems, WriteScope scope) {
        if (!group.hasType()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a cohort's type is required: person", at + ".type");
        } else if (group.getType() != Group.GroupType.PERSON) {
            problems.add(ErrorCode.INVALID_VALUE, "a cohort is a group of citizens: type must be person, not " + group.getType().toCode(), at + ".type");
        }
        if (!group.hasActualElement() || !group.getActualElement().hasValue()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "actual is required: true (the group lists its members)", at + ".actual");
        } else if (!group.getActual()) {
            problems.add(ErrorCode.INVALID_VALUE, "a cohort lists its members: actual must be true (a group defined by characteristics "
                    + "is not supported)", at + ".actual");
        }
        if (!group.hasName() || group.getName().isBlank()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a cohort needs a name", at + ".name");
        }
        if (group.hasCharacteristic()) {
            problems.add(ErrorCode.INVALID_VALUE, "a cohort lists its members; characteristics are not supported", at + ".characteristic");
        }
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < group.getMember().size(); i++) {
            Group.GroupMemberComponent member = group.getMember().get(i);
            String where = at + ".member[" + i + "]";
            if (member.hasPeriod()) {
                problems.add(ErrorCode.INVALID_VALUE, "a member has no period: remove a citizen who left the cohort", where + ".period");
            }
            if (member.hasInactiveElement()) {
                problems.add(ErrorCode.INVALID_VALUE, "a member has no inactive flag: remove a citizen who left the cohort", where + ".inactive");
            }
            String patient = references.resolve(member.getEntity(), "Patient", where + ".entity", problems, scope);
            if (patient != null) {
                Integer earlier = first.putIfAbsent(patient, i);
                if (earlier != null) {
                    problems.add(ErrorCode.INVALID_VALUE, "the citizen is a member already (member[" + earlier + "])", where + ".entity");
                }
            }
        }
    }

    public WriteOutcome<Group> create(Group group) {
        group.setId((String) null);
        decorate(group);
        Group stored = store.create(group);
        store.indexIdentifiers("Group", stored.getIdElement().getIdPart(), stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }

    /** Stores a checked group as the next version of {@code id}. {@code ifMatch} is the version the client saw. */
    public Group update(String id, Group group, Integer ifMatch) {
        StoredResource current = ResourceUpdates.lockCurrent(store, "Group", id, ifMatch, "cohorts");
        group.setId(id);
        decorate(group);
        Group stored = store.update(group, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the group was changed by someone else meanwhile", null));
        store.reindexIdentifiers("Group", id, stored.getIdentifier());
        return stored;
    }

    /** The ids of the Patients group {@code id} holds now, in its order; empty when there is no such group. */
    public Optional<List<String>> members(String id) {
        return store.current("Group", id).map(stored -> {
            List<String> ids = new ArrayList<>();
            for (Group.GroupMemberComponent member : store.parse(stored, Group.class).getMember()) {
                ids.add(member.getEntity().getReferenceElement().getIdPart());
            }
            return ids;
        });
    }

    private static void decorate(Group group) {
        group.setQuantity(group.getMember().size());
        group.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_GROUP)));
    }
}
