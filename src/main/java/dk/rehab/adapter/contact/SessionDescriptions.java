package dk.rehab.adapter.contact;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * A session as a letter or a reminder tells it to the citizen: when (Danish time), what kind, where (the session's
 * place, its team, the centre — the course's managing organisation — with its address), with whom, and the centre's
 * phone number.
 */
@Component
public class SessionDescriptions {
    private static final java.util.Map<String, String> PLACES = java.util.Map.of(
            "centre", "Træningscenteret", "home", "I dit hjem eller nærmiljø", "pool", "Svømmehallen", "outdoors", "Udendørs");
    private static final java.util.Map<String, String> KINDS = java.util.Map.of(
            "assessment", "Vurdering og udredning (indledende samtale og undersøgelse)", "individual", "Individuel træning",
            "group", "Holdtræning", "check-in", "Tjek-tid");

    private final ResourceStore store;
    private final AdapterProperties properties;

    public SessionDescriptions(ResourceStore store, AdapterProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** A session told: the Appointment, its course and the citizen. */
    public record Described(Appointment session, String citizen, ZonedDateTime start, ZonedDateTime end, String kind, List<String> place,
                            String therapist, String centre, String centrePhone, Reference centreRef) {
    }

    public Described describe(String sessionId) {
        Appointment session = store.read(Appointment.class, sessionId);
        EpisodeOfCare course = Optional.ofNullable(session.getExtensionByUrl(Canonical.EXT_COURSE)).map(Extension::getValue)
                .filter(Reference.class::isInstance).map(r -> (Reference) r)
                .flatMap(r -> read("EpisodeOfCare", r, EpisodeOfCare.class)).orElse(null);
        Organization centre = course == null || !course.hasManagingOrganization() ? null
                : read("Organization", course.getManagingOrganization(), Organization.class).orElse(null);
        String citizen = null;
        String therapist = null;
        HealthcareService team = null;
        for (Appointment.AppointmentParticipantComponent p : session.getParticipant()) {
            String ref = p.getActor().getReference();
            if (ref == null) {
                continue;
            }
            if (ref.startsWith("Patient/") && citizen == null) {
                citizen = read("Patient", p.getActor(), Patient.class).map(pt -> name(pt.getName())).orElse(null);
            } else if (ref.startsWith("Practitioner/") && therapist == null) {
                therapist = read("Practitioner", p.getActor(), Practitioner.class).map(pr -> name(pr.getName())).orElse(null);
            } else if (ref.startsWith("HealthcareService/") && team == null) {
                team = read("HealthcareService", p.getActor(), HealthcareService.class).orElse(null);
            }
        }
        List<String> place = new ArrayList<>();
        Extension placeExt = session.getExtensionByUrl(Canonical.EXT_SESSION_PLACE);
        String placeCode = placeExt != null && placeExt.getValue() instanceof Coding c ? c.getCode() : "centre";
        place.add(PLACES.getOrDefault(placeCode, "Træningscenteret"));
        if (team != null && team.hasName()) {
            place.add("hold: " + team.getName());
        }
        if (centre != null && !"home".equals(placeCode)) {
            if (centre.hasName()) {
                place.add(centre.getName());
            }
            centre.getAddress().stream().findFirst().map(SessionDescriptions::address).filter(a -> !a.isBlank()).ifPresent(place::add);
        }
        String phone = centre == null ? null : centre.getTelecom().stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .map(ContactPoint::getValue).findFirst().orElse(null);
        String kind = session.getAppointmentType().getCoding().stream()
                .filter(c -> Canonical.CS_SESSION_TYPES.equals(c.getSystem())).map(c -> KINDS.get(c.getCode())).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        ZonedDateTime start = session.getStart().toInstant().atZone(properties.zone());
        ZonedDateTime end = session.hasEnd() ? session.getEnd().toInstant().atZone(properties.zone()) : null;
        return new Described(session, citizen, start, end, kind, place, therapist, centre == null ? null : centre.getName(), phone,
                centre == null ? null : new Reference("Organization/" + centre.getIdElement().getIdPart()).setDisplay(centre.getName()));
    }

    private <T extends org.hl7.fhir.r4.model.Resource> Optional<T> read(String type, Reference ref, Class<T> cls) {
        if (ref == null || !ref.hasReference() || !ref.getReference().startsWith(type + "/")) {
            return Optional.empty();
        }
        return store.current(type, new IdType(ref.getReference()).getIdPart()).map(s -> store.parse(s, cls));
    }

    private static String name(List<HumanName> names) {
        return names.stream().findFirst().map(n -> n.hasText() ? n.getText()
                : (String.join(" ", n.getGiven().stream().map(g -> g.getValue()).toList()) + " " + (n.hasFamily() ? n.getFamily() : "")).trim())
                .filter(s -> !s.isBlank()).orElse(null);
    }

    private static String address(Address a) {
        String lines = String.join(", ", a.getLine().stream().map(l -> l.getValue()).toList());
        String city = ((a.hasPostalCode() ? a.getPostalCode() + " " : "") + (a.hasCity() ? a.getCity() : "")).trim();
        return lines.isEmpty() ? city : city.isEmpty() ? lines : lines + ", " + city;
    }

}
