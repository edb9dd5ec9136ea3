package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.stack.OutsideServers;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the shop's relay-service reaches outside: the stack's mail server (read through its REST API), the data
 * platform stand-in (WireMock: its journal of received events, and stubs that make it fail or slow), and what
 * relay-service itself shows of them (its circuit breakers, its counters).
 */
final class OutsideWorld {

  private static final StackHttp HTTP = new StackHttp();
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutsideWorld() {
  }

  /** An event the data platform received: its ids as the relay sent them and the status the platform answered. */
  record Received(String eventId, String idempotencyKey, String type, long orderId, int status) {
  }

  /** Subjects of the mails in the address's inbox (none before the first mail to it). */
  static List<String> mailSubjects(String email) {
    StackHttp.Response inbox = HTTP.get("http://127.0.0.1:%d/api/user/%s/messages/INBOX".formatted(RealStack.stack().settings().mailApiPort(), email));
    List<String> subjects = new ArrayList<>();
    if (inbox.status() == 200) {
      inbox.body().forEach(mail -> subjects.add(mail.path("subject").asText()));
    }
    return subjects;
  }

  /** From now on the platform answers every event with this status, until {@link #restore}. Returns the stub's id. */
  static String platformFailsWith(int status) {
    return stub(Map.of("status", status));
  }

  /** From now on the platform accepts events only after this delay, longer than the relay waits. */
  static String platformSlowBy(Duration delay) {
    return stub(Map.of("status", 202, "fixedDelayMilliseconds", delay.toMillis()));
  }

  static void restore(String stubId) {
    StackHttp.Response removed = HTTP.delete(platformAdmin() + "/mappings/" + stubId);
    if (removed.status() != 200) {
      throw new IllegalStateException("the stub " + stubId + " was not removed: " + removed.status());
    }
  }

  private static String stub(Map<String, Object> response) {
    StackHttp.Response created = HTTP.post(platformAdmin() + "/mappings", Map.of("priority", 1,
        "request", Map.of("method", "POST", "urlPath", OutsideServers.EVENTS_PATH), "response", response));
    if (created.status() != 201) {
      throw new IllegalStateException("the data platform stand-in refused the stub: " + created.status() + " " + created.body());
    }
    return created.body().get("id").asText();
  }

  /** Every event the platform received for these orders, in the order it received them. */
  static List<Received> receivedFor(List<Long> orderIds) throws IOException {
    JsonNode journal = HTTP.get(platformAdmin() + "/requests").body().path("requests");
    List<Received> received = new ArrayList<>();
    for (JsonNode entry : journal) {
      JsonNode request = entry.path("request");
      if (!OutsideServers.EVENTS_PATH.equals(request.path("url").asText())) {
        continue;
      }
      JsonNode event = JSON.readTree(request.path("body").asText());
      if (orderIds.contains(event.path("aggregateId").asLong())) {
        received.add(new Received(event.path("eventId").asText(), header(request, "Idempotency-Key"), event.path("type").asText(),
            event.path("aggregateId").asLong(), entry.path("responseDefinition").path("status").asInt()));
      }
    }
    java.util.Collections.reverse(received); // the journal lists the newest first
    return received;
  }

  private static String header(JsonNode request, String name) {
    JsonNode value = request.path("headers").path(name);
    return value.isArray() ? value.get(0).asText() : value.asText();
  }

  private static String platformAdmin() {
    return "http://127.0.0.1:" + RealStack.stack().settings().dataPlatformPort() + "/__admin";
  }

  /** CLOSED, OPEN, HALF_OPEN: the breaker as relay-service's actuator shows it. */
  static String breaker(String name) {
    return RealStack.operator().get(RealStack.url(Service.RELAY) + "/actuator/circuitbreakers").body().path("circuitBreakers").path(name).path("state").asText();
  }

  /** A counter or gauge of relay-service's /actuator/prometheus, by its name and one label (0 when absent). */
  static double relayMetric(String name, String label) {
    return RealStack.metric(RealStack.url(Service.RELAY), name, label);
  }

}
