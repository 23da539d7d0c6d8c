import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * BENCHMARK SIMULATION, not server code: stands in for the FHIR profile validator that the server will warm at
 * start-up, so bench/run.sh --simulate-validator can measure the memory and ready time the server will need and
 * choose JVM options for it before the validator lands.
 *
 * In the server's own JVM (started through Spring Boot's PropertiesLauncher with loader.main=this class), it
 * builds a validation chain the way the planned validator does (HAPI's core R4 definitions, the project's
 * profiles/*.json from the classpath when the jar has them, common code systems, in-memory terminology, snapshot
 * generation), validates one instance of each stored resource type (the warm-up that loads ~all core
 * definitions), keeps the validator reachable for the life of the process (as a singleton bean would), and then
 * starts the real application: ready time = warm-up + normal start.
 */
public class ValidatorWarmupSim {
    /** Kept for the life of the JVM, like the validator bean. */
    static volatile Object keep;

    public static void main(String[] args) throws Throwable {
        long start = System.nanoTime();
        FhirContext ctx = FhirContext.forR4();
        List<IValidationSupport> modules = new ArrayList<>();
        modules.add(new DefaultProfileValidationSupport(ctx));
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(ctx);
        Map<String, String> profileOfType = new LinkedHashMap<>();
        IParser parser = ctx.newJsonParser();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:profiles/*.json");
        for (Resource file : files) {
            try (InputStream in = file.getInputStream()) {
                IBaseResource r = parser.parseResource(in);
                switch (ctx.getResourceType(r)) {
                    case "StructureDefinition" -> {
                        own.addStructureDefinition(r);
                        StructureDefinition sd = (StructureDefinition) r;
                        if (List.of("Patient", "Organization", "Condition", "ServiceRequest").contains(sd.getType())
                                && "constraint".equals(sd.getDerivation() == null ? null : sd.getDerivation().toCode())) {
                            profileOfType.put(sd.getType(), sd.getUrl());
                        }
                    }
                    case "ValueSet" -> own.addValueSet(r);
                    case "CodeSystem" -> own.addCodeSystem(r);
                    case "SearchParameter" -> own.addSearchParameter(r);
                    default -> { }
                }
            }
        }
        modules.add(own);
        modules.add(new CommonCodeSystemsTerminologyService(ctx));
        modules.add(new InMemoryTerminologyServerValidationSupport(ctx));
        modules.add(new SnapshotGeneratingValidationSupport(ctx));
        ValidationSupportChain chain = new ValidationSupportChain(modules.toArray(new IValidationSupport[0]));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setErrorForUnknownProfiles(false);
        instanceValidator.setAnyExtensionsAllowed(false);
        FhirValidator validator = ctx.newValidator();
        validator.setValidateAgainstStandardSchema(false);
        validator.setValidateAgainstStandardSchematron(false);
        validator.registerValidatorModule(instanceValidator);
        int messages = 0;
        for (String type : List.of("Patient", "Organization", "Condition", "ServiceRequest")) {
            IBaseResource resource = ctx.getResourceDefinition(type).newInstance();
            if (profileOfType.containsKey(type)) {
                resource.getMeta().addProfile(profileOfType.get(type));
            }
            ValidationResult result = validator.validateWithResult(resource);
            messages += result.getMessages().size();
        }
        keep = new Object[] {ctx, chain, validator};
        System.out.printf("[ValidatorWarmupSim] simulated validator warmed in %d ms (%d project profiles found, %d messages)%n",
                (System.nanoTime() - start) / 1_000_000, profileOfType.size(), messages);
        Class.forName("dk.rehab.adapter.RehabAdapterApplication", true, Thread.currentThread().getContextClassLoader())
                .getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
