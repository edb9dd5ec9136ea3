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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each of the service's message consumers is doing, as health (messageConsumers, part of readiness) and as
 * hh_messages_consumer_stuck{subscriber,reason}: 1 while the consumer is
 * <ul>
 *   <li>{@code retrying}: one of its messages has been in hand for longer than {@code stuckAfter}, failing transiently
 *       (the database, Redis or the mail server down) or hanging (a database that accepts and never answers): it
 *       resumes by itself when they are back;</li>
 *   <li>{@code stopped}: Eventuate's polling thread for it has ended (a handler let an exception out, or the Kafka
 *       client failed): only a restart brings it back.</li>
 * </ul>
 * Either makes the service not ready, with the subscriber, since when and the last failure in the details.
 */
public class ConsumerHealth extends AbstractHealthIndicator {

  /** eventuate-messaging-kafka 0.20's EventuateKafkaConsumer names the thread that polls for a subscriber so. */
  static final String POLLING_THREAD_PREFIX = "Eventuate-subscriber-";
  static final String STUCK = "hh.messages.consumer.stuck";

  /** A message being handled: by whom, since when, the last transient failure (null while none). */
  private record Retrying(String subscriberId, Instant since, String lastFailure) {
  }

  private final Supplier<MeterRegistry> meters;
  private final Clock clock;
  private final Duration stuckAfter;
  private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
  /** By subscriber id and message id: two subscribers of one service may handle the same message at once. */
  private final Map<List<String>, Retrying> handling = new ConcurrentHashMap<>();
  private final Map<String, Thread> pollingThreads = new ConcurrentHashMap<>();

  /**
   * {@code meters} is looked up when a subscriber subscribes, not when this is made: Eventuate's handler bean
   * post-processors need the consumer, and with it this, before the registry could get its common tags (application).
   */
  public ConsumerHealth(Supplier<MeterRegistry> meters, Clock clock, Duration stuckAfter) {
    super("Message consumer check failed");
    this.meters = meters;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
  }

  /** Called when a subscriber subscribes: its gauges exist at 0 from then on. */
  void subscribed(String subscriberId) {
    if (subscribers.add(subscriberId)) {
      Gauge.builder(STUCK, () -> retryingTooLong(subscriberId).isPresent() ? 1 : 0)
          .tags("subscriber", subscriberId, "reason", "retrying").register(meters.get());
      Gauge.builder(STUCK, () -> isPolling(subscriberId) ? 0 : 1)
          .tags("subscriber", subscriberId, "reason", "stopped").register(meters.get());
    }
  }

  /** A message's handling begins: a handler that never returns (a database that hangs) is stuck as well. */
  void handling(String subscriberId, String messageId) {
    handling.put(List.of(subscriberId, messageId), new Retrying(subscriberId, clock.instant(), null));
  }

  void retrying(String subscriberId, String messageId, Throwable failure) {
    Instant now = clock.instant();
    handling.compute(List.of(subscriberId, messageId), (id, earlier) ->
        new Retrying(subscriberId, earlier == null ? now : earlier.since(), String.valueOf(failure)));
  }

  void done(String subscriberId, String messageId) {
    handling.remove(List.of(subscriberId, messageId));
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
        Retrying oldest = stuck.get();
        details.put(subscriberId, oldest.lastFailure() == null ? Map.of("state", "hanging", "since", oldest.since().toString())
            : Map.of("state", "retrying", "since", oldest.since().toString(), "lastFailure", oldest.lastFailure()));
      } else {
        details.put(subscriberId, Map.of("state", "consuming"));
      }
    }
    (down ? builder.down() : builder.up()).withDetails(details);
  }

  /** The oldest message of the subscriber in hand (retried or hanging) for longer than stuckAfter. */
  private Optional<Retrying> retryingTooLong(String subscriberId) {
    Instant limit = clock.instant().minus(stuckAfter);
    return handling.values().stream()
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
