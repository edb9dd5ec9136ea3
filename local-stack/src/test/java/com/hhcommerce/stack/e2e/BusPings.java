package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** order-service's bus pings (the support API's check of the messaging path), as the tests send them. */
final class BusPings {

  private BusPings() {
  }

  /** Pings the participant and waits for its one reply; the ping as the support API then shows it. */
  static JsonNode answered(Service participant) {
    StackHttp http = StackHttp.support();
    String orders = RealStack.url(Service.ORDER);
    long id = http.post(orders + "/support/bus/pings?participant=" + participant.serviceName(), "").body().get(0).get("id").asLong();
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get(orders + "/support/bus/pings/" + id).body(), p -> p.path("replies").asInt() == 1);
  }
}
