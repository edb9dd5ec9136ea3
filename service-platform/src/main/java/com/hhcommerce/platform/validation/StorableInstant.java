package com.hhcommerce.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant that every service stores (DATETIME(3) in UTC holds years 1000 to 9999): from 1970-01-01 to
 * 9999-12-31, so that a date a user may send is either stored as sent or refused naming the field.
 */
@Documented
@Constraint(validatedBy = StorableInstant.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableInstant {

  Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  String message() default "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<StorableInstant, Instant> {

    @Override
    public boolean isValid(Instant instant, ConstraintValidatorContext context) {
      return instant == null || (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST));
    }
  }
}
