package com.hhcommerce.platform.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each of the service's message consumers is doing, as health (messageConsumers, part of readiness) and as
 * hh_messages_consumer_stuck{subscriber,reason}: 1 while the consumer is
 * <ul>
 *   <li>{@code retrying}: one of its messages has failed transiently for longer than {@code stuckAfter} (the database,
 *       Redis or the mail server down): it resumes by itself when they are back;</li>
 *   <li>{@code stopped}: Eventuate's polling thread for it has ended (a handler let an exception out, or the Kafka
 *       client failed): only a restart brings it back.</li>
 * </ul>
 * Either makes the service not ready, with the subscriber, since when and the last failure in the details.
 */
public class ConsumerHealth extends AbstractHealthIndicator {

  /** eventuate-messaging-kafka 0.20's EventuateKafkaConsumer names the thread that polls for a subscriber so. */
  static final String POLLING_THREAD_PREFIX = "Eventuate-subscriber-";
  static final String STUCK = "hh.messages.consumer.stuck";

  /** A message being retried: by whom, since when, the last failure. */
  private record Retrying(String subscriberId, Instant since, String lastFailure) {
  }

  private final MeterRegistry meters;
  private final Clock clock;
  private final Duration stuckAfter;
  private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
  private final Map<String, Retrying> retryingByMessageId = new ConcurrentHashMap<>();
  private final Map<String, Thread> pollingThreads = new ConcurrentHashMap<>();

  public ConsumerHealth(MeterRegistry meters, Clock clock, Duration stuckAfter) {
    super("Message consumer check failed");
    this.meters = meters;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
  }

  /** Called when a subscriber subscribes: its gauges exist at 0 from then on. */
  void subscribed(String subscriberId) {
    if (subscribers.add(subscriberId)) {
      Gauge.builder(STUCK, () -> retryingTooLong(subscriberId).isPresent() ? 1 : 0)
          .tags("subscriber", subscriberId, "reason", "retrying").register(meters);
      Gauge.builder(STUCK, () -> isPolling(subscriberId) ? 0 : 1)
          .tags("subscriber", subscriberId, "reason", "stopped").register(meters);
    }
  }

  void retrying(String subscriberId, String messageId, Throwable failure) {
    Instant now = clock.instant();
    retryingByMessageId.compute(messageId, (id, earlier) ->
        new Retrying(subscriberId, earlier == null ? now : earlier.since(), String.valueOf(failure)));
  }

  void done(String messageId) {
    retryingByMessageId.remove(messageId);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean down = false;
    for (String subscriberId : subscribers.stream().sorted().toList()) {
      Optional<Retrying> stuck = retryingTooLong(subscriberId);
      if (!isPolling(subscriberId)) {
        down = true;
        details.put(subscriberId, Map.of("state", "stopped"));
      } else if (stuck.isPresent()) {
        down = true;
        details.put(subscriberId, Map.of("state", "retrying", "since", stuck.get().since().toString(), "lastFailure", stuck.get().lastFailure()));
      } else {
        details.put(subscriberId, Map.of("state", "consuming"));
      }
    }
    (down ? builder.down() : builder.up()).withDetails(details);
  }

  /** The oldest message of the subscriber retried for longer than stuckAfter. */
  private Optional<Retrying> retryingTooLong(String subscriberId) {
    Instant limit = clock.instant().minus(stuckAfter);
    return retryingByMessageId.values().stream()
        .filter(retrying -> retrying.subscriberId().equals(subscriberId) && retrying.since().isBefore(limit))
        .min(Comparator.comparing(Retrying::since));
  }

  private boolean isPolling(String subscriberId) {
    Thread thread = pollingThreads.computeIfAbsent(subscriberId, ConsumerHealth::findPollingThread);
    return thread != null && thread.isAlive();
  }

  private static Thread findPollingThread(String subscriberId) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(POLLING_THREAD_PREFIX + subscriberId))
        .findFirst().orElse(null);
  }
}
