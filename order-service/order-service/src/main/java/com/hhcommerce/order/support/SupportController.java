package com.hhcommerce.order.support;

import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.order.web.OrderView;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.web.ApiProblem;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/** The support console's API (a support account's token, see SupportSecurityConfiguration); the page at /console/ uses it. */
@RestController
@Responses(problems = {401, 403})
@RequestMapping("/support")
class SupportController {

  private final SupportQueries queries;
  private final SupportActions actions;
  private final StuckSagaDetector detector;
  private final Orders orders;

  SupportController(SupportQueries queries, SupportActions actions, StuckSagaDetector detector, Orders orders) {
    this.queries = queries;
    this.actions = actions;
    this.detector = detector;
    this.orders = orders;
  }

  record SagaView(SupportQueries.SagaSummary saga, OrderView order, Object sagaData,
                  List<SagaStepLog.Entry> timeline, List<SupportQueries.SupportAction> actions) {
  }

  @GetMapping("/sagas")
  Page<SupportQueries.SagaSummary> sagas(@RequestParam(required = false) SagaState state,
                                         @RequestParam(required = false) @Size(max = 64) String step,
                                         @RequestParam(required = false) @Positive Long customerId,
                                         @RequestParam(required = false) @Size(max = 32) String olderThan,
                                         @RequestParam(required = false) Boolean stuck,
                                         @ParameterObject PageRequest page) {
    return page.of(queries.sagas(new SupportQueries.SagaFilter(state, blankToNull(step), customerId, duration(olderThan), stuck),
        page.offset(), page.limitPlusOne()));
  }

  @Responses(problems = 404)
  @GetMapping("/sagas/{sagaId}")
  SagaView saga(@PathVariable @Size(max = 100) String sagaId) {
    SupportQueries.SagaDetail detail = queries.detail(sagaId).orElseThrow(() -> DomainRefusal.unknown("saga", sagaId));
    return new SagaView(detail.saga(), orders.find(detail.saga().orderId()).map(OrderView::of).orElse(null),
        detail.sagaData(), detail.timeline(), detail.actions());
  }

  @Responses(problems = 404)
  @GetMapping("/orders/{orderId}/saga")
  SagaView sagaOfOrder(@PathVariable long orderId) {
    String sagaId = orders.sagaIdOf(orderId).orElseThrow(() -> DomainRefusal.unknown("order", orderId));
    return saga(sagaId);
  }

  @Responses(problems = {404, 409})
  @PostMapping(path = "/sagas/{sagaId}/actions", consumes = MediaType.APPLICATION_JSON_VALUE)
  SupportActions.ActionResult act(@PathVariable @Size(max = 100) String sagaId,
                                  @Valid @RequestBody SupportActions.ActionRequest request, @AuthenticationPrincipal Jwt token) {
    return actions.act(sagaId, request, operator(token));
  }

  /**
   * Who acted, as the audit and the step log name them: the account the token is for (its subject), which the identity
   * names with its email (its log at start, its account table). Tokens carry no email.
   */
  static String operator(Jwt token) {
    return "support account " + token.getSubject();
  }

  /** Runs the stuck detector now instead of at its next tick; answers how many sagas it newly marked. */
  @PostMapping("/stuck-sagas/detection")
  int detectStuck() {
    return detector.detect();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static Duration duration(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Duration duration = DurationStyle.detectAndParse(text.trim());
      if (duration.isNegative()) {
        throw new IllegalArgumentException();
      }
      return duration;
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter",
          "olderThan must be a duration such as 5m, 90s or PT1H, not '%s'".formatted(text)).with("parameter", "olderThan");
    }
  }
}
