package com.hhcommerce.benchmark;

import com.hhcommerce.stack.StackSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance mechanisms that replace a framework default. Each is a setting of the services, off unless set; the
 * benchmark measures the system with all of them on, and with --stock with none (the frameworks' defaults).
 */
final class PerformanceMechanisms {

  /** The environment that turns them on, for every service (a service ignores the ones that are not its own). */
  static final Map<String, String> ON = on(
      // order-service: saga_instance written behind Eventuate's saga manager, instead of its stock repository
      "HH_PERFORMANCE_SAGA_WRITE_BEHIND",
      // order-service: a reply's step-log entries in one batched insert
      "HH_PERFORMANCE_STEP_LOG_BATCH",
      // every service: the CPU time of each access token's verification counted (TokenVerifications reads it)
      "HH_PERFORMANCE_TOKEN_CPU_METRICS");

  private PerformanceMechanisms() {
  }

  /** The report's header: which mechanisms the stack's services ran with. */
  static String describe(StackSettings settings) {
    List<String> on = ON.entrySet().stream().filter(e -> e.getValue().equals(settings.serviceEnvironment().get(e.getKey())))
        .map(Map.Entry::getKey).toList();
    if (on.size() == ON.size()) {
      return "performance mechanisms on (" + String.join(", ", on) + " = true)";
    }
    if (on.isEmpty()) {
      return "stock: " + String.join(", ", ON.keySet()) + " unset (the frameworks' defaults)";
    }
    return "performance mechanisms partly on: " + String.join(", ", on) + " = true, the others unset";
  }

  private static Map<String, String> on(String... names) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : names) {
      environment.put(name, "true");
    }
    return java.util.Collections.unmodifiableMap(environment);
  }
}
