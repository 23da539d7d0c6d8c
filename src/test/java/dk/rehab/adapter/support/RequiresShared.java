package dk.rehab.adapter.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class every test of which reads {@link Shared} files (from its {@code @BeforeAll} on): without the folder it
 * is reported as skipped, with the reason, instead of failing; with {@value Shared#REQUIRED_VARIABLE}{@code =true} it
 * runs, and fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresShared.Condition.class)
public @interface RequiresShared {
    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isDirectory(Shared.folder().resolve("fhir/packages")) || Boolean.parseBoolean(System.getenv(Shared.REQUIRED_VARIABLE))) {
                return ConditionEvaluationResult.enabled("the shared folder is there");
            }
            return ConditionEvaluationResult.disabled("skipped: needs the Danish FHIR packages and KL's code systems in "
                    + Shared.folder() + "; set " + Shared.FOLDER_VARIABLE + " (README: \"Tests and the Danish packages\")");
        }
    }
}
