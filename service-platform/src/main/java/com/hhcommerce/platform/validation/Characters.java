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

/**
 * A text's length in characters (Unicode code points), as the utf8mb4 columns count it: {@code @Size}
 * counts UTF-16 units, so a name of 150 emoji would be refused at 200 though the column holds it. A null
 * passes (combine with {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = Characters.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Characters {

  int min() default 0;

  int max();

  String message() default "must be {min} to {max} characters long";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<Characters, CharSequence> {

    private int min;
    private int max;

    @Override
    public void initialize(Characters constraint) {
      this.min = constraint.min();
      this.max = constraint.max();
    }

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
      if (text == null) {
        return true;
      }
      long length = text.codePoints().count();
      return length >= min && length <= max;
    }
  }
}
