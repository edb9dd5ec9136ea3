package com.hhcommerce.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** What the run command does once the stack is healthy: proves the bus with a ping to every participant. */
final class DemoOrder {

  private final LocalStack stack;
  private final StackHttp http = new StackHttp();

  DemoOrder(LocalStack stack) {
    this.stack = stack;
  }

  void placeAndReport(PrintStream out) {
    String order = stack.url(Service.ORDER);
    JsonNode pings = http.post(order + "/support/bus/pings", "").body();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    for (JsonNode ping : pings) {
      JsonNode current = ping;
      while (!"ANSWERED".equals(current.path("status").asText()) && Instant.now().isBefore(deadline)) {
        ManagedProcess.pause(Duration.ofMillis(100));
        current = http.get(order + "/support/bus/pings/" + ping.get("id").asLong()).body();
      }
      out.printf("Bus ping to %-24s %s%s%n", current.path("participant").asText(), current.path("status").asText(),
          current.has("roundTripMillis") ? " in " + current.get("roundTripMillis").asLong() + " ms" : "");
    }
  }
}
