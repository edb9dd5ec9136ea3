package com.hhcommerce.order.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An order names each product option once; the error points at the first repeated line, e.g. items[2].productOptionId. */
@Constraint(validatedBy = DistinctProductOptions.Validator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@interface DistinctProductOptions {

  String message() default "names a productOptionId that an earlier line already names";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<DistinctProductOptions, List<OrderController.Item>> {

    @Override
    public boolean isValid(List<OrderController.Item> items, ConstraintValidatorContext context) {
      if (items == null) {
        return true;
      }
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        OrderController.Item item = items.get(i);
        if (item != null && item.productOptionId() != null && !seen.add(item.productOptionId())) {
          // the first repeated line only: a body of thousands of copies must not make thousands of errors
          context.disableDefaultConstraintViolation();
          context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
              .addPropertyNode("productOptionId").inIterable().atIndex(i).addConstraintViolation();
          return false;
        }
      }
      return true;
    }
  }
}
