package dk.rehab.adapter.export;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a bulk export kick-off, checked: {@code _outputFormat} (NDJSON only), {@code _type} (comma-separated
 * and/or repeated; each a type the level exports), {@code _since} (a FHIR instant, with its zone), and at Patient and
 * Group level in a POST Parameters body {@code patient} (references {@code Patient/[id]}, repeated: only these citizens'
 * data; their existence, and at Group level their membership, is checked by the kick-off). Any other parameter (the
 * Bulk Data parameters {@code _typeFilter}, {@code _elements}, {@code includeAssociatedData}, … which this server does
 * not support, and {@code patient} at system level or in a URL) is refused, unless the client sent
 * {@code Prefer: handling=lenient}, when it is ignored. Every problem found is answered at once (400 invalid-parameters).
 * {@code patients} is null when no {@code patient} was given, else the ids, each once, in the order given.
 */
public record ExportRequest(ExportLevel level, List<String> types, Instant since, List<String> patients) {
    static final Set<String> OUTPUT_FORMATS = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");
    private static final Set<String> KNOWN = Set.of("_outputFormat", "_type", "_since", "_format", "_pretty");
    static final String PATIENT = "patient";

    /** {@code body}: the parameters came in a POST Parameters body (where {@code patient} may be). */
    public static ExportRequest parse(ExportLevel level, Map<String, String[]> parameters, boolean lenient, FhirContext fhir, boolean body) {
        Problems problems = new Problems();
        boolean patientAllowed = body && level != ExportLevel.SYSTEM;
        if (!lenient) {
            for (String name : parameters.keySet()) {
                if (PATIENT.equals(name) && !patientAllowed) {
                    problems.add(ErrorCode.INVALID_PARAMETERS, level == ExportLevel.SYSTEM
                            ? "the export parameter patient is for Patient and Group level exports only"
                            : "the export parameter patient is sent in a POST Parameters body (valueReference), not in the URL", name);
                } else if (!KNOWN.contains(name) && !PATIENT.equals(name)) {
                    problems.add(ErrorCode.INVALID_PARAMETERS, "the export parameter " + name + " is not supported here (supported: _outputFormat, _type, "
                            + "_since; send Prefer: handling=lenient to have unsupported parameters ignored)", name);
                }
            }
        }
        for (String format : values(parameters, "_outputFormat")) {
            // a '+' sent unescaped in a query string arrives as a space
            if (!OUTPUT_FORMATS.contains(format.trim().replace(' ', '+'))) {
                problems.add(ErrorCode.INVALID_PARAMETERS, "_outputFormat " + format + " is not supported: the export is NDJSON "
                        + "(application/fhir+ndjson, application/ndjson or ndjson)", "_outputFormat");
            }
        }
        List<String> types = new ArrayList<>();
        for (String value : values(parameters, "_type")) {
            for (String type : value.split(",")) {
                String t = type.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!level.types().contains(t)) {
                    boolean fhirType = fhir.getResourceTypes().contains(t);
                    problems.add(ErrorCode.INVALID_PARAMETERS, "_type " + (fhirType ? t + " is not exported at this level" : "names no resource type "
                            + "this server exports: " + t) + "; the types are " + String.join(", ", level.types()), "_type");
                } else if (!types.contains(t)) {
                    types.add(t);
                }
            }
        }
        Instant since = null;
        List<String> sinces = values(parameters, "_since");
        if (sinces.size() > 1) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "_since is given more than once", "_since");
        } else if (sinces.size() == 1) {
            try {
                since = OffsetDateTime.parse(sinces.get(0).trim().replace(' ', '+')).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(ErrorCode.INVALID_PARAMETERS, "_since must be a FHIR instant with its zone, e.g. 2026-01-01T00:00:00Z "
                        + "or 2026-01-01T00:00:00+01:00", "_since");
            }
        }
        List<String> patients = patientAllowed && parameters.containsKey(PATIENT) ? patients(values(parameters, PATIENT), problems) : null;
        problems.throwIfAny();
        if (types.isEmpty()) {
            types.addAll(level.types());
        } else {
            types.sort(java.util.Comparator.comparingInt(level.types()::indexOf));
        }
        return new ExportRequest(level, List.copyOf(types), since, patients);
    }

    /** The Patient ids of {@code patient} references ({@code Patient/[id]}), each once; what is not one is a problem. */
    private static List<String> patients(List<String> references, Problems problems) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        for (String reference : references) {
            String[] parts = reference == null ? new String[0] : reference.trim().split("/");
            if (parts.length == 2 && "Patient".equals(parts[0]) && parts[1].matches("[A-Za-z0-9\\-.]{1,64}")) {
                ids.add(parts[1]);
            } else {
                problems.add(ErrorCode.INVALID_PARAMETERS, "each patient must be a reference Patient/[id] (a valueReference with its "
                        + "reference); a logical reference, another type or an empty one is not accepted", PATIENT);
            }
        }
        if (references.isEmpty()) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "patient names no Patient", PATIENT);
        }
        return List.copyOf(ids);
    }

    private static List<String> values(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null ? List.of() : List.of(values);
    }
}
