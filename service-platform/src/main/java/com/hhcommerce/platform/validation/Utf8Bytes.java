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
import java.nio.charset.StandardCharsets;

/**
 * A text's length in UTF-8 bytes, for what a byte-limited algorithm reads (bcrypt reads at most 72 bytes of a
 * password, and Spring Security refuses more): 25 Hangul syllables are 25 characters but 75 bytes. A null passes.
 */
@Documented
@Constraint(validatedBy = Utf8Bytes.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Utf8Bytes {

  int max();

  String message() default "must be at most {max} bytes in UTF-8";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<Utf8Bytes, CharSequence> {

    private int max;

    @Override
    public void initialize(Utf8Bytes constraint) {
      this.max = constraint.max();
    }

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
      return text == null || text.toString().getBytes(StandardCharsets.UTF_8).length <= max;
    }
  }
}
