package dk.rehab.adapter.export;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.group.GroupService;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whose data an export holds, decided at kick-off: every citizen's (null), or only some Patients' (their ids, which
 * the job keeps): a Group's members as it holds them now, narrowed by the {@code patient} parameter to those it names
 * (each must be a member), or at Patient level the Patients {@code patient} names (each must exist). An unknown Group
 * is 404; a {@code patient} that is not a member or not stored is 400 invalid-parameters.
 */
@Component
public class ExportMembers {
    private final GroupService groups;
    private final ResourceStore store;

    public ExportMembers(GroupService groups, ResourceStore store) {
        this.groups = groups;
        this.store = store;
    }

    /** The Patient ids the export of {@code request} (of group {@code group} at Group level) is limited to; null: every citizen. */
    List<String> of(ExportRequest request, String group) {
        Problems problems = new Problems();
        List<String> members;
        if (request.level() == ExportLevel.GROUP) {
            List<String> inGroup = groups.members(group).orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND,
                    "there is no Group with id " + group, null));
            if (request.patients() == null) {
                return inGroup;
            }
            for (String patient : request.patients()) {
                if (!inGroup.contains(patient)) {
                    problems.add(ErrorCode.INVALID_PARAMETERS, "patient Patient/" + patient + " is not a member of Group/" + group, ExportRequest.PATIENT);
                }
            }
            members = request.patients();
        } else if (request.patients() != null) {
            for (String patient : request.patients()) {
                if (!store.exists("Patient", patient)) {
                    problems.add(ErrorCode.INVALID_PARAMETERS, "patient: there is no Patient with id " + patient, ExportRequest.PATIENT);
                }
            }
            members = request.patients();
        } else {
            return null;
        }
        problems.throwIfAny();
        return members;
    }
}
