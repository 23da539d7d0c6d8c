package dk.rehab.adapter.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.ActiveProfiles;

/** Runs an integration test class on PostgreSQL, when {@code ADAPTER_TEST_POSTGRES_URL} names one. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ActiveProfiles({"postgres", "it-postgres"})
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+")
public @interface Postgres {
}
