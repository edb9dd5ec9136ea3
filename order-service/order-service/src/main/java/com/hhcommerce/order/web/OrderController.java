package com.hhcommerce.order.web;

import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.OrderItem;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.OrderPlacement;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.web.ApiProblem;
import com.hhcommerce.platform.web.CorrelationIds;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.util.List;

@RestController
@Responses(problems = 401)
@RequestMapping("/orders")
class OrderController {

  private final OrderPlacement placement;
  private final Orders orders;
  private final OrderProgressStreams progressStreams;

  OrderController(OrderPlacement placement, Orders orders, OrderProgressStreams progressStreams) {
    this.placement = placement;
    this.orders = orders;
    this.progressStreams = progressStreams;
  }

  record Item(@NotNull @Positive Long productOptionId, @NotNull @Positive @Max(999) Integer quantity) {
  }

  /** customerId: optional, the signed-in customer's own; another customer's is refused (403). */
  record PlaceOrderRequest(@Positive Long customerId,
                           @NotNull @Size(min = 1, max = 50) @DistinctProductOptions List<@Valid @NotNull Item> items,
                           @Positive Long userCouponId) {
  }

  record Accepted(long orderId, String status) {
  }

  @Responses(success = 202, problems = {403, 409, 422})
  @PostMapping
  ResponseEntity<Accepted> place(
      @Valid @RequestBody PlaceOrderRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 100) @Pattern(regexp = "[\\x21-\\x7e]+") String idempotencyKey,
      @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId) {
    Caller caller = Caller.current();
    long customerId = caller.customerId().orElseThrow(() -> DomainRefusal.forbidden("customers-only", "Only a customer places orders"));
    if (request.customerId() != null) {
      caller.requireActsFor(request.customerId(), "customerId");
    }
    OrderPlacement.Placed placed = placement.place(new OrderPlacement.PlaceOrder(customerId,
        request.items().stream().map(i -> new OrderItem(i.productOptionId(), i.quantity())).toList(),
        request.userCouponId(), idempotencyKey, CorrelationIds.orNew(correlationId)));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/orders/" + placed.orderId()))
        .header(CorrelationIds.HEADER, placed.correlationId())
        .header("Idempotent-Replayed", String.valueOf(!placed.created()))
        .body(new Accepted(placed.orderId(), placed.status().name()));
  }

  /**
   * The order's progress as Server-Sent Events, without polling: "status" (the order as GET /orders/{id} shows it)
   * first and whenever the saga's state changes, "step" for each command and reply of its saga (the event id is the
   * step's; Last-Event-ID resumes after it), and the stream ends once the saga has ended.
   */
  @Responses(problems = {404, 503})
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter progress(@PathVariable long id, @RequestHeader(name = "Last-Event-ID", required = false) @PositiveOrZero Long lastEventId) {
    visible(id);
    return progressStreams.follow(id, lastEventId);
  }

  @Responses(problems = 404)
  @GetMapping("/{id}")
  OrderView get(@PathVariable long id) {
    return OrderView.of(visible(id));
  }

  /** Newest first; customerId: the signed-in customer's own by default, another's only for staff. */
  @Responses(problems = 404)
  @GetMapping
  Page<OrderView> ofCustomer(@RequestParam(required = false) @Positive Long customerId, @ParameterObject PageRequest page) {
    Caller caller = Caller.current();
    if (customerId == null) {
      customerId = caller.customerId().orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "missing-parameter",
          "Name the customer whose orders to list: parameter customerId").with("parameter", "customerId"));
    }
    caller.requireMaySee(customerId, "customer", customerId);
    return page.of(orders.ofCustomer(customerId, page.offset(), page.limitPlusOne()).stream().map(OrderView::of).toList());
  }

  /** The order, if the caller may see it: another customer's answers as one that does not exist. */
  private Order visible(long id) {
    Order order = orders.find(id).orElseThrow(() -> DomainRefusal.unknown("order", id));
    Caller.current().requireMaySee(order.customerId(), "order", id);
    return order;
  }
}
