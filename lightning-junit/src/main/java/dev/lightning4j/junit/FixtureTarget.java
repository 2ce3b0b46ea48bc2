package dev.lightning4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link javax.sql.DataSource} field (static or instance) that {@link LightningFixture} loads into.
 * The field must be set before each test starts (a static initialiser, a field initialiser or a
 * {@code @BeforeAll}/{@code @BeforeEach} method of an outer class).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface FixtureTarget {
}
