package dk.rehab.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * The one R4 FhirContext of the JVM (expensive to create: it scans the model), shared by the server, the
 * validator that is warmed before the Spring context exists, and tests. The parser is strict: an unknown
 * element or a malformed value is a 400 naming it, never a silently dropped field.
 */
public final class FhirContexts {
    private FhirContexts() {
    }

    private static final class Holder {
        private static final FhirContext R4 = create();

        private static FhirContext create() {
            FhirContext context = FhirContext.forR4();
            context.setParserErrorHandler(new StrictErrorHandler());
            // The adapter writes every reference as a string and never relies on HAPI putting an id-less target
            // into contained. Without this, every encode walks the whole resource looking for such targets: about a
            // third of the encoder's CPU (JFR, message intake). Resources that already have contained ones keep them.
            context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
            return context;
        }
    }

    public static FhirContext shared() {
        return Holder.R4;
    }
}
