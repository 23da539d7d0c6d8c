package dk.rehab.adapter.group;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.fhir.ExtensionPolicy;
import dk.rehab.adapter.fhir.IdentifiedResourceProvider;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * {@code /Group}: the municipality's cohorts of citizens ({@code rehab-group}). create (If-None-Exist on identifier),
 * read, vread, update ({@code If-Match}), search by {@code _id} and {@code identifier}, $validate. Who may:
 * {@code AccessRules} (the municipality only). {@code Group/[id]/$export} is the bulk export's ({@code export/}).
 */
@Component
public class GroupProvider extends IdentifiedResourceProvider<Group> {
    private final ResourceUpdates updates;
    private final GroupService groups;
    private final ExtensionPolicy extensions;

    public GroupProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search,
                         ResourceUpdates updates, GroupService groups, ExtensionPolicy extensions) {
        super(Group.class, creates, reads, validator, search);
        this.updates = updates;
        this.groups = groups;
        this.extensions = extensions;
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Group group, RequestDetails request) {
        return updates.update(group, request, (copy, ifMatch) -> {
            extensions.requireSingleExtensions(copy, "Group");
            Problems problems = new Problems();
            extensions.check(copy, "Group", problems);
            groups.check(copy, "Group", problems, WriteScope.single());
            problems.throwIfAny();
            return groups.update(id.getIdPart(), copy, ifMatch);
        });
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Group resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }
}
