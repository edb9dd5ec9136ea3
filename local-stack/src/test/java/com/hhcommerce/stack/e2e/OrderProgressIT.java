package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /orders/{id}/events on the real stack with two order-service instances: a client follows an order on either
 * instance, whichever instance placed it and whichever handles its replies, from its state to its end without
 * polling; Last-Event-ID resumes; streams are bounded in number and time. The second instance allows 2 streams of
 * 8 s each.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class OrderProgressIT {

  private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(8);
  private static ManagedProcess second;
  private static String secondUrl;

  private final Shop shop = new Shop();

  @BeforeAll
  static void aSecondOrderService() {
    second = RealStack.stack().startInstance(Service.ORDER, RealStack.stack().settings().instances(Service.ORDER) + 1,
        Map.of("HH_ORDERS_LIVE_MAX_CONNECTIONS", "2", "HH_ORDERS_LIVE_TIMEOUT", "PT" + STREAM_TIMEOUT.toSeconds() + "S"));
    secondUrl = "http://127.0.0.1:" + second.port();
  }

  @AfterAll
  static void stopTheSecond() {
    second.stop(Duration.ofSeconds(20));
  }

  /**
   * The order's replies are handled by one instance or the other (they split the reply topic's partitions), so with
   * a stream on each, every event reaches at least one stream held by an instance that did not handle it.
   */
  @Test
  void bothInstancesStreamAnOrderFromItsStateToItsEndWhicheverHandledItsReplies() throws Exception {
    long option = shop.product("followed live", 1_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    ManagedProcess cart = RealStack.stack().process(Service.CART);
    long orderId;
    List<List<EventStream.Event>> received = new ArrayList<>();
    cart.freeze();
    try (Followed first = follow(RealStack.url(Service.ORDER), placeHeld(customer, option));
         Followed other = follow(secondUrl, first.orderId())) {
      orderId = first.orderId();
      for (EventStream stream : List.of(first.stream(), other.stream())) {
        EventStream.Event state = stream.next(Duration.ofSeconds(10));
        assertThat(state.name()).isEqualTo("status");
        assertThat(state.data().get("status").asText()).as("the order waits for the frozen cart (the precondition)").isEqualTo("PROCESSING");
        assertThat(state.data().get("sagaState").asText()).isEqualTo("STARTED");
      }
      cart.thaw();
      received.add(first.stream().untilEnd(Duration.ofSeconds(60)));
      received.add(other.stream().untilEnd(Duration.ofSeconds(60)));
    } finally {
      cart.thaw();
    }
    for (List<EventStream.Event> events : received) {
      assertThat(steps(events)).containsSubsequence("REPLY clear cart SUCCESS", "COMMAND reserve stock SENT", "REPLY reserve stock SUCCESS",
          "COMMAND deduct points SENT", "REPLY deduct points SUCCESS", "LOCAL confirm order SUCCESS");
      EventStream.Event last = events.get(events.size() - 1);
      assertThat(last.name()).isEqualTo("status");
      assertThat(last.data().get("status").asText()).isEqualTo("CONFIRMED");
      assertThat(last.data().get("sagaState").asText()).isEqualTo("COMPLETED");
      assertThat(events.stream().filter(e -> e.name().equals("step")).map(EventStream.Event::id)).doesNotContainNull().doesNotHaveDuplicates();
    }

    // a client that lost the connection after the stock was reserved resumes after that event
    String reserved = received.get(1).stream().filter(e -> step(e).equals("REPLY reserve stock SUCCESS")).findFirst().orElseThrow().id();
    try (EventStream resumed = EventStream.open(secondUrl + "/orders/" + orderId + "/events", Map.of("Last-Event-ID", reserved))) {
      List<EventStream.Event> events = resumed.untilEnd(Duration.ofSeconds(30));
      assertThat(events.get(0).name()).as("the current state first").isEqualTo("status");
      assertThat(events.get(0).data().get("status").asText()).isEqualTo("CONFIRMED");
      assertThat(steps(events)).startsWith("COMMAND deduct points SENT").contains("LOCAL confirm order SUCCESS")
          .doesNotContain("REPLY reserve stock SUCCESS");
      assertThat(events.stream().filter(e -> e.name().equals("step")).map(e -> Long.parseLong(e.id()))).allMatch(id -> id > Long.parseLong(reserved));
    }
  }

  @Test
  void aFailedOrdersStreamEndsWithItsReasonOnceEveryStepIsUndone() throws Exception {
    long option = shop.product("followed to its failure", 1_000, 0).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    long orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
    try (EventStream stream = EventStream.open(secondUrl + "/orders/" + orderId + "/events", Map.of())) {
      assertThat(stream.status()).isEqualTo(200);
      List<EventStream.Event> events = stream.untilEnd(Duration.ofSeconds(30));
      EventStream.Event last = events.get(events.size() - 1);
      assertThat(last.data().get("status").asText()).isEqualTo("FAILED");
      assertThat(last.data().get("failureCode").asText()).isEqualTo("OUT_OF_STOCK");
      assertThat(last.data().get("sagaState").asText()).isEqualTo("COMPENSATED");
    }
  }

  @Test
  void streamsAreBoundedInNumberAndInTimeAndAResumedStreamLosesNothing() throws Exception {
    long option = shop.product("followed too long", 1_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    ManagedProcess cart = RealStack.stack().process(Service.CART);
    cart.freeze();
    try {
      long orderId = placeHeld(customer, option);
      String url = secondUrl + "/orders/" + orderId + "/events";
      try (EventStream one = EventStream.open(url, Map.of()); EventStream two = EventStream.open(url, Map.of());
           EventStream three = EventStream.open(url, Map.of())) {
        assertThat(List.of(one.status(), two.status())).containsOnly(200);
        assertThat(three.status()).as("the instance's limit of 2 streams").isEqualTo(503);
        assertThat(three.header("Retry-After")).isNotBlank();
        // nothing happens to the held order: the stream ends at its time limit
        List<EventStream.Event> events = one.untilEnd(STREAM_TIMEOUT.plusSeconds(10));
        assertThat(events).extracting(EventStream.Event::name).containsExactly("status");
        two.untilEnd(STREAM_TIMEOUT.plusSeconds(10));
      }
      try (EventStream again = EventStream.open(url, Map.of("Last-Event-ID", "0"))) {
        assertThat(again.status()).as("the ended streams gave their places back").isEqualTo(200);
        cart.thaw();
        List<EventStream.Event> events = again.untilEnd(Duration.ofSeconds(30));
        assertThat(steps(events)).as("everything since the start").startsWith("LOCAL create order SUCCESS", "COMMAND clear cart SENT").contains("LOCAL confirm order SUCCESS");
      }
    } finally {
      cart.thaw();
    }
  }

  @Test
  void anUnknownOrderOrABadLastEventIdIsAProblemNotAStream() {
    StackHttp http = RealStack.operator();
    StackHttp.Response unknown = http.get(secondUrl + "/orders/987654321/events");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("type").asText()).endsWith(":order-not-found");
    try (EventStream bad = EventStream.open(secondUrl + "/orders/1/events", Map.of("Last-Event-ID", "yesterday"))) {
      assertThat(bad.status()).isEqualTo(400);
    }
  }

  /** An order whose saga waits for the (frozen) cart. */
  private long placeHeld(long customer, long option) {
    return shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
  }

  private record Followed(long orderId, EventStream stream) implements AutoCloseable {
    @Override
    public void close() {
      stream.close();
    }
  }

  private static Followed follow(String orderService, long orderId) {
    EventStream stream = EventStream.open(orderService + "/orders/" + orderId + "/events", Map.of());
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
    return new Followed(orderId, stream);
  }

  private static List<String> steps(List<EventStream.Event> events) {
    return events.stream().filter(e -> e.name().equals("step")).map(OrderProgressIT::step).toList();
  }

  private static String step(EventStream.Event event) {
    return event.name().equals("step")
        ? event.data().get("kind").asText() + " " + event.data().get("step").asText() + " " + event.data().get("outcome").asText() : "";
  }
}
