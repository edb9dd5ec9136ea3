package com.hhcommerce.monolith;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** POST /orders with the saga's request body; answers 201 with the order, or 422 with why nothing happened. */
@RestController
class OrderController {

  private final OrderTransactionService orders;

  OrderController(OrderTransactionService orders) {
    this.orders = orders;
  }

  record Item(@NotNull @Positive Long productOptionId, @NotNull @Positive Integer quantity) {
  }

  record PlaceOrderRequest(@NotNull @Positive Long customerId, @NotEmpty List<@Valid @NotNull Item> items, Long userCouponId) {
  }

  @PostMapping("/orders")
  ResponseEntity<OrderTransactionService.Placed> place(@Valid @RequestBody PlaceOrderRequest request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(orders.placeOrder(request.customerId(),
        request.items().stream().map(i -> new OrderTransactionService.Line(i.productOptionId(), i.quantity())).toList(),
        request.userCouponId()));
  }

  @ExceptionHandler(OrderTransactionService.OrderRefused.class)
  ProblemDetail refused(OrderTransactionService.OrderRefused e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    problem.setProperty("code", e.code());
    return problem;
  }
}
