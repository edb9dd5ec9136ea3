package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How far back Kafka could still deliver a message to this service: for every topic it consumes, the topic's
 * retention.ms plus its segment.ms (a record is deleted only with its segment, which rolls after segment.ms and is
 * deleted once its newest record is older than retention.ms), the longest of them, plus a margin. A record younger
 * than that may come again, so its duplicate-detection row must still be there. A topic kept forever (retention.ms -1,
 * or compacted) makes the window {@link #FOREVER}. The topics' settings are read from the broker every
 * {@code hh.retention.redelivery-refresh}; while the broker cannot be asked the window is unknown, and the rules that
 * cover it delete nothing. The window is on {@code hh_retention_redelivery_window_seconds} (NaN while unknown).
 */
public class RedeliveryWindow {

  /** A topic that never deletes. */
  public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  /** A failed question is not asked again before this: the rules of one retention round ask once. */
  static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(RedeliveryWindow.class);

  /** A topic's effective settings. */
  public record TopicRetention(long retentionMs, long segmentMs, boolean deletes) {
  }

  /** Reads the topics' effective settings from the broker; throws when it cannot. */
  public interface TopicSettings {
    Map<String, TopicRetention> describe(Set<String> topics) throws Exception;
  }

  private record Answer(Set<String> topics, Optional<Duration> window, Instant at) {
  }

  private final Supplier<Set<String>> topics;
  private final TopicSettings settings;
  private final Duration margin;
  private final Duration refresh;
  private final Clock clock;
  private volatile Answer last;

  public RedeliveryWindow(Supplier<Set<String>> topics, TopicSettings settings, Duration margin, Duration refresh, Clock clock,
                          MeterRegistry meters) {
    this.topics = topics;
    this.settings = settings;
    this.margin = margin;
    this.refresh = refresh;
    this.clock = clock;
    Gauge.builder("hh.retention.redelivery.window", this, RedeliveryWindow::seconds).baseUnit("seconds")
        .description("How far back Kafka could still deliver a message to this service (its topics' retention plus segment, and a margin)")
        .register(meters);
  }

  /** The longest retention.ms + segment.ms of the topics, plus the margin; none: nothing to deliver again. */
  public static Duration of(Collection<TopicRetention> topics, Duration margin) {
    Duration longest = Duration.ZERO;
    for (TopicRetention topic : topics) {
      if (!topic.deletes() || topic.retentionMs() < 0) {
        return FOREVER;
      }
      longest = max(longest, Duration.ofMillis(topic.retentionMs()).plusMillis(topic.segmentMs()));
    }
    return topics.isEmpty() ? Duration.ZERO : longest.plus(margin);
  }

  /**
   * The window now: the last answer while it is younger than the refresh interval and the topics are the same, else
   * the broker's; empty while the broker cannot be asked.
   */
  public Optional<Duration> current() {
    Answer answer = last;
    Set<String> now = topics.get();
    if (answer != null && answer.topics().equals(now)) {
      Duration age = Duration.between(answer.at(), clock.instant());
      if (age.compareTo(answer.window().isPresent() ? refresh : PAUSE_AFTER_FAILURE) < 0) {
        return answer.window();
      }
    }
    return refresh();
  }

  /** Asks the broker again (every refresh interval, and at start). */
  public synchronized Optional<Duration> refresh() {
    Set<String> now = topics.get();
    Optional<Duration> window;
    try {
      window = Optional.of(of(settings.describe(now).values(), margin));
      if (last != null && last.window().isEmpty()) {
        log.info("Kafka answered again: the redelivery window is {}", window.get());
      }
    } catch (Exception e) {
      window = Optional.empty();
      if (last == null || last.window().isPresent()) {
        log.warn("Cannot read the retention of the topics {} from Kafka: the rows that must outlive a redelivery are kept "
            + "until it answers (asked again every retention round)", now, e);
      }
    }
    last = new Answer(now, window, clock.instant());
    return window;
  }

  /** The rule, keeping its rows at least as long as the window, and all of them while the window is unknown. */
  public RetentionRule covering(RetentionRule floor) {
    return new RetentionRule() {
      @Override
      public String table() {
        return floor.table();
      }

      @Override
      public Duration keep() {
        return floor.keep();
      }

      @Override
      public Optional<Duration> keepThisRound() {
        return current().filter(window -> !window.equals(FOREVER)).map(window -> max(window, floor.keep()));
      }

      @Override
      public int deleteBatch(Instant cutoff, int batchSize) {
        return floor.deleteBatch(cutoff, batchSize);
      }
    };
  }

  private double seconds() {
    Answer answer = last;
    if (answer == null || answer.window().isEmpty()) {
      return Double.NaN;
    }
    Duration window = answer.window().get();
    return window.equals(FOREVER) ? Double.POSITIVE_INFINITY : window.getSeconds() + window.getNano() / 1e9;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
