package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service sends a command through its outbox; binlog -> CDC -> Kafka carry it to the participant,
 * whose reply comes back the same way and is recorded by order-service.
 */
@ExtendWith(RealStack.class)
class MessagingPipelineIT {

  private final StackHttp http = StackHttp.support();

  @ParameterizedTest
  @ValueSource(strings = {"inventory-service", "coupon-service", "customer-wallet-service", "cart-service"})
  void commandAndReplyCrossTheRealBus(String participant) {
    String orders = RealStack.url(Service.ORDER);
    StackHttp.Response sent = http.post(orders + "/support/bus/pings?participant=" + participant, "");
    assertThat(sent.status()).isEqualTo(202);
    long pingId = sent.body().get(0).get("id").asLong();

    JsonNode answered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get(orders + "/support/bus/pings/" + pingId).body(),
            ping -> "ANSWERED".equals(ping.path("status").asText()));

    assertThat(answered.get("answeredBy").asText()).isEqualTo(participant);
    assertThat(answered.get("replies").asInt()).isEqualTo(1);
    assertThat(answered.get("roundTripMillis").asLong()).isPositive();
  }
}
