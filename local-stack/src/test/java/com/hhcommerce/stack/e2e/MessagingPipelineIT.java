package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

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

  /** Every consumer group of the service: its command inbox (the saga's replies for order-service) and its event readers. */
  private static List<String> subscribers(Service service) {
    return switch (service) {
      case ORDER -> List.of("create-order-saga-consumer");
      case RANKING -> List.of("ranking-service");
      case RELAY -> List.of("relay-service-customer-contacts", "relay-service-notifications", "relay-service-data-platform");
      case CART -> List.of("cart-service-commands", "cart-service-product-replica");
      case COUPON -> List.of("coupon-service-commands", "coupon-service-customer-replica");
      default -> List.of(service.serviceName() + "-commands");
    };
  }

  /** A documented metric is on /actuator/prometheus from start-up, not only once something happened. */
  @ParameterizedTest
  @EnumSource(Service.class)
  void everyDocumentedMetricExistsBeforeAnythingHappened(Service service) throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RealStack.url(service) + "/actuator/prometheus"))
        .header("Authorization", RealStack.operator().authorization()).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String subscriber : subscribers(service)) {
      assertThat(metrics).containsPattern("hh_messages_parked_total\\{[^}]*subscriber=\"" + subscriber + "\"");
    }
    if (service == Service.ORDER) {
      // nothing parks replies in the end-to-end runs: the series stands at 0
      assertThat(metrics).containsPattern("hh_messages_parked_total\\{[^}]*subscriber=\"create-order-saga-consumer\"[^}]*} 0\\.0")
          .contains("hh_sagas_started_total", "hh_sagas_ended_total{", "hh_sagas_duration_seconds_count{", "hh_sagas_in_flight",
              "hh_sagas_oldest_in_flight_age_seconds", "hh_sagas_stuck", "hh_saga_deadline_actions_total{", "hh_orders_live_connections");
    }
    if (service == Service.RELAY) {
      assertThat(metrics).contains("hh_notifications_total{", "hh_data_platform_deliveries_total{", "hh_data_platform_pending",
          "resilience4j_circuitbreaker_state{", "name=\"notification\"", "name=\"data-platform\"");
    }
  }
}
