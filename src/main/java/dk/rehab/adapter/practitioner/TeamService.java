package dk.rehab.adapter.practitioner;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.springframework.stereotype.Service;

/**
 * A team (hold, {@code rehab-team}, a HealthcareService): a name and a capacity of 6-10 citizens per session. Its
 * sessions are the Appointments that name it as a participant. Runs inside the caller's transaction.
 */
@Service
public class TeamService {
    public static final int MIN_CAPACITY = 6;
    public static final int MAX_CAPACITY = 10;
    private final ResourceStore store;

    public TeamService(ResourceStore store) {
        this.store = store;
    }

    public void check(HealthcareService team, String at, Problems problems) {
        if (!team.hasName()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a team needs a name", at + ".name");
        }
        String where = at + ".extension('" + Canonical.EXT_TEAM_CAPACITY + "')";
        Extension capacity = team.getExtensionByUrl(Canonical.EXT_TEAM_CAPACITY);
        if (capacity == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a team needs its capacity (6-10 citizens)", where);
        } else if (!(capacity.getValue() instanceof IntegerType n) || !n.hasValue()) {
            problems.add(ErrorCode.INVALID_VALUE, "the capacity is a valueInteger", where + ".value");
        } else if (n.getValue() < MIN_CAPACITY || n.getValue() > MAX_CAPACITY) {
            problems.add(ErrorCode.INVALID_VALUE, "a team has 6-10 places, not " + n.getValue(), where + ".value");
        }
    }

    public static int capacity(HealthcareService team) {
        return ((IntegerType) team.getExtensionByUrl(Canonical.EXT_TEAM_CAPACITY).getValue()).getValue();
    }

    public WriteOutcome<HealthcareService> create(HealthcareService team) {
        team.setId((String) null);
        team.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_TEAM)));
        HealthcareService stored = store.create(team);
        store.indexIdentifiers("HealthcareService", stored.getIdElement().getIdPart(), stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }
}
