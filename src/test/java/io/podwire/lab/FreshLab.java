package io.podwire.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks LabNodeExtension for a lab node of this test's own (wired with the standard pods, dual-stack if asked), so it
 * may be mutated.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface FreshLab {
    boolean dualStack() default false;
}
