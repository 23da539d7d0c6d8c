package dk.rehab.adapter.notification;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The adapter's Encounter of a hospital stay ({@code rehab-hospital-stay}): the hospital's Encounter as the latest
 * notification of the stay gives it (status, class, period, leave), the citizen (Patient, or the CPR number when the
 * adapter does not know the citizen), the hospital (by SOR id), the courses the stay put on hold (episodeOfCare) and
 * the stay's key as identifier. Runs in the caller's transaction.
 */
@Component
public class StayEncounters {
    private final ResourceStore store;

    public StayEncounters(ResourceStore store) {
        this.store = store;
    }

    public Encounter create(HospitalNotification notification, String stayKey, String patientId, List<String> courseIds) {
        Encounter encounter = new Encounter();
        encounter.getMeta().setProfile(List.of(new CanonicalType(Notifications.PROFILE_STAY)));
        encounter.addIdentifier().setSystem(Notifications.SYSTEM_STAY).setValue(stayKey);
        encounter.setSubject(patientId != null ? new Reference("Patient/" + patientId)
                : new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_CPR).setValue(notification.cpr())));
        Organization sender = notification.message().sender();
        Reference hospital = new Reference().setDisplay(sender.getName());
        sender.getIdentifier().stream().filter(i -> Canonical.SYSTEM_SOR.equals(i.getSystem())).findFirst()
                .ifPresent(i -> hospital.setIdentifier(new Identifier().setSystem(i.getSystem()).setValue(i.getValue())));
        encounter.setServiceProvider(hospital);
        courseIds.forEach(id -> encounter.addEpisodeOfCare(new Reference("EpisodeOfCare/" + id)));
        copy(notification, encounter);
        Encounter stored = store.create(encounter);
        store.indexIdentifiers("Encounter", stored.getIdElement().getIdPart(), stored.getIdentifier()); // Encounter?identifier=
        return stored;
    }

    /** The stay's Encounter after {@code notification}: the hospital's current status, class, period and leave. */
    public Encounter update(String encounterId, HospitalNotification notification) {
        StoredResource current = store.currentForUpdate("Encounter", encounterId).orElseThrow();
        Encounter encounter = store.parse(current, Encounter.class);
        copy(notification, encounter);
        return store.update(encounter, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the stay was changed meanwhile", null));
    }

    public Encounter read(String encounterId) {
        return store.read(Encounter.class, encounterId);
    }

    /**
     * The hospital's status, class and period, and the leave. A cancellation undoes its original whatever the hospital's
     * Encounter says: cancel-admit leaves the stay entered-in-error, cancel-discharge in progress without an end,
     * cancel-start-leave in progress without the leave, cancel-end-leave on leave again (the leave without its end). A
     * notification without a leave keeps the leave recorded before.
     */
    private static void copy(HospitalNotification notification, Encounter encounter) {
        Encounter theirs = notification.encounter();
        Notifications.Activity activity = notification.activity();
        Extension before = encounter.getExtensionByUrl(Notifications.EXT_LEAVE);
        Period previous = before != null && before.getValue() instanceof Period p ? p.copy() : null;
        encounter.setStatus(theirs.getStatus());
        encounter.setClass_(theirs.getClass_().copy());
        encounter.setPeriod(theirs.getPeriod().copy());
        encounter.getExtension().removeIf(e -> Notifications.EXT_LEAVE.equals(e.getUrl()));
        Period leave = notification.leave() != null ? notification.leave().copy() : previous;
        if (activity.action() == Notifications.Action.CANCEL) {
            switch (activity.kind()) {
                case ADMIT -> encounter.setStatus(Encounter.EncounterStatus.ENTEREDINERROR);
                case DISCHARGE -> {
                    encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
                    encounter.getPeriod().setEndElement(null);
                }
                case START_LEAVE -> {
                    encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
                    leave = null;
                }
                case END_LEAVE -> {
                    encounter.setStatus(Encounter.EncounterStatus.ONLEAVE);
                    if (leave != null) {
                        leave.setEndElement(null);
                    }
                }
            }
        }
        if (leave != null) {
            encounter.addExtension(Notifications.EXT_LEAVE, leave);
        }
    }
}
