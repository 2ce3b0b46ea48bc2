package dev.lightning4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads a fixture directory (a Dumpling or mydumper export, SQL or CSV files) into the test's database before each
 * test, through the same import engine as production code.
 *
 * <pre>{@code
 * @LightningFixture(value = "fixtures/shop", reset = ResetStrategy.DROP_AND_CREATE)
 * class ShopTest {
 *     @FixtureTarget
 *     static DataSource db = ...;
 *
 *     @Test
 *     void ordersAreThere(ImportResult fixture) { ... }
 * }
 * }</pre>
 *
 * On a class it applies to every test; on a method it replaces the class's fixture for that test. The loaded
 * {@link dev.lightning4j.ImportResult} can be declared as a test method parameter.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LightningFixtureExtension.class)
public @interface LightningFixture {
    /**
     * Where the fixture is: a class path directory ({@code fixtures/shop}), or a file system path when no class
     * path resource has that name.
     *
     * @return the location
     */
    String value();

    /**
     * What happens to the fixture's databases before it is loaded.
     *
     * @return the strategy; default {@link ResetStrategy#DROP_AND_CREATE}
     */
    ResetStrategy reset() default ResetStrategy.DROP_AND_CREATE;

    /**
     * The backend, or {@code auto} to pick the one that fits the target (the logical backend today).
     *
     * @return the backend name
     */
    String backend() default "auto";

    /**
     * Table filter rules in TiDB Lightning's syntax; empty loads every table of the fixture.
     *
     * @return the rules
     */
    String[] filter() default {};
}
