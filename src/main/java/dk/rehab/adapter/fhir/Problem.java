package dk.rehab.adapter.fhir;

/**
 * One thing wrong with a request: its code, a human sentence, and where (a FHIRPath expression, or null
 * when the problem is the request as a whole). The sentence never contains a CPR number.
 */
public record Problem(ErrorCode code, String message, String expression) {
}
