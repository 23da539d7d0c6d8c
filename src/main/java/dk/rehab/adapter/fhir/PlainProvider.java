package dk.rehab.adapter.fhir;

/**
 * A HAPI plain provider (system-level operations such as {@code $kl-gateway-report}): every Spring bean implementing it is
 * registered with the FHIR server, so a new system operation needs no edit of the server configuration.
 */
public interface PlainProvider {
}
