package com.hhcommerce.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;

/**
 * The client's X-Correlation-Id: carried from the request that caused a change into the events it
 * publishes, so one id follows a request across every service. A request without one is given a new one.
 */
public final class CorrelationIds {

  public static final String HEADER = "X-Correlation-Id";

  private CorrelationIds() {
  }

  public static String orNew(String sent) {
    return sent != null ? sent : UUID.randomUUID().toString();
  }

  /** What a correlation id may be: up to 100 visible ASCII characters. */
  @Documented
  @Constraint(validatedBy = {})
  @Size(max = 100)
  @Pattern(regexp = "[\\x21-\\x7e]+")
  @Target({ElementType.PARAMETER, ElementType.FIELD})
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Valid {

    String message() default "must be 1 to 100 visible ASCII characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
  }
}
