package com.hhcommerce.platform.retention;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RedeliveryWindowTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  private static final RedeliveryWindow.TopicRetention BROKER_DEFAULTS = new RedeliveryWindow.TopicRetention(7 * DAY_MS, 7 * DAY_MS, true);

  /** A broker that answers with the settings it holds, counts the questions, and may be down. */
  private static final class Broker implements RedeliveryWindow.TopicSettings {
    final Map<String, RedeliveryWindow.TopicRetention> topics = new HashMap<>();
    int questions;
    boolean down;

    @Override
    public Map<String, RedeliveryWindow.TopicRetention> describe(Set<String> names) throws Exception {
      questions++;
      if (down) {
        throw new TimeoutException("Timed out waiting for a node assignment");
      }
      Map<String, RedeliveryWindow.TopicRetention> answer = new HashMap<>();
      names.forEach(name -> answer.put(name, topics.get(name)));
      return answer;
    }
  }

  /** A table of old rows, one a day for 30 days, that records the cutoffs it was asked for. */
  private static final class ReceivedMessages implements RetentionRule {
    final List<Instant> rows = new ArrayList<>();
    final List<Instant> cutoffs = new ArrayList<>();

    ReceivedMessages() {
      for (int days = 1; days <= 30; days++) {
        rows.add(NOW.minus(Duration.ofDays(days)).plusSeconds(1));
      }
    }

    @Override
    public String table() {
      return "received_messages";
    }

    @Override
    public Duration keep() {
      return Duration.ofDays(8);
    }

    @Override
    public int deleteBatch(Instant cutoff, int batchSize) {
      cutoffs.add(cutoff);
      int before = rows.size();
      rows.removeIf(time -> time.isBefore(cutoff));
      return before - rows.size();
    }
  }

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Broker broker = new Broker();
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final Set<String> subscribed = new CopyOnWriteArraySet<>(Set.of("order-events", "customer-events"));
  private final RedeliveryWindow window = new RedeliveryWindow(() -> Set.copyOf(subscribed), broker, Duration.ofDays(1), Duration.ofHours(1), clock, meters);

  RedeliveryWindowTest() {
    broker.topics.put("order-events", BROKER_DEFAULTS);
    broker.topics.put("customer-events", BROKER_DEFAULTS);
  }

  @Test
  void isTheLongestRetentionPlusSegmentOfTheTopicsPlusTheMargin() {
    assertThat(RedeliveryWindow.of(List.of(BROKER_DEFAULTS, new RedeliveryWindow.TopicRetention(10 * DAY_MS, DAY_MS, true)),
        Duration.ofDays(1))).isEqualTo(Duration.ofDays(15));
    assertThat(RedeliveryWindow.of(List.of(new RedeliveryWindow.TopicRetention(3 * DAY_MS, 20 * DAY_MS, true)), Duration.ofDays(1)))
        .as("a segment that rolls late keeps its records late").isEqualTo(Duration.ofDays(24));
    assertThat(RedeliveryWindow.of(List.of(), Duration.ofDays(1))).as("no topic, nothing to deliver again").isZero();
  }

  @Test
  void aTopicKeptForeverOrCompactedMakesItForever() {
    assertThat(RedeliveryWindow.of(List.of(BROKER_DEFAULTS, new RedeliveryWindow.TopicRetention(-1, 7 * DAY_MS, true)), Duration.ofDays(1)))
        .isEqualTo(RedeliveryWindow.FOREVER);
    assertThat(RedeliveryWindow.of(List.of(new RedeliveryWindow.TopicRetention(7 * DAY_MS, 7 * DAY_MS, false)), Duration.ofDays(1)))
        .isEqualTo(RedeliveryWindow.FOREVER);
  }

  @Test
  void receivedMessagesAreKeptAsLongAsTheTopicsCouldDeliverThemAgain() {
    ReceivedMessages table = new ReceivedMessages();

    retention(table).deleteOldRows();

    assertThat(table.cutoffs).containsOnly(NOW.minus(Duration.ofDays(15)));
    assertThat(table.rows).as("the rows of the last 15 days").hasSize(15);
    assertThat(meters.get("hh.retention.redelivery.window").gauge().value()).isEqualTo(Duration.ofDays(15).toSeconds());
  }

  @Test
  void theSettingIsTheFloorWhenTheTopicsKeepLess() {
    broker.topics.put("order-events", new RedeliveryWindow.TopicRetention(DAY_MS, DAY_MS, true));
    broker.topics.put("customer-events", new RedeliveryWindow.TopicRetention(DAY_MS, DAY_MS, true));
    ReceivedMessages table = new ReceivedMessages();

    retention(table).deleteOldRows();

    assertThat(table.cutoffs).as("3 days of window, 8 of floor").containsOnly(NOW.minus(Duration.ofDays(8)));
  }

  @Test
  void aTopicKeptForeverDeletesNothing() {
    broker.topics.put("order-events", new RedeliveryWindow.TopicRetention(-1, 7 * DAY_MS, true));
    ReceivedMessages table = new ReceivedMessages();

    retention(table).deleteOldRows();

    assertThat(table.rows).hasSize(30);
    assertThat(table.cutoffs).isEmpty();
    assertThat(meters.get("hh.retention.redelivery.window").gauge().value()).isInfinite();
  }

  @Test
  void whileKafkaCannotBeAskedNothingIsDeletedAndTheNextRoundAsksAgain() {
    broker.down = true;
    ReceivedMessages table = new ReceivedMessages();
    RetentionRule covered = window.covering(table);
    TableRetention retention = new TableRetention(List.of(covered, covered), TransactionOperations.withoutTransaction(), clock, meters, 1_000);

    retention.deleteOldRows();

    assertThat(table.rows).hasSize(30);
    assertThat(broker.questions).as("asked once for both rules of the round").isEqualTo(1);
    assertThat(meters.get("hh.retention.redelivery.window").gauge().value()).isNaN();

    broker.down = false;
    now.set(NOW.plus(Duration.ofMinutes(10)));
    retention.deleteOldRows();

    assertThat(broker.questions).isEqualTo(2);
    assertThat(table.cutoffs).containsOnly(NOW.plus(Duration.ofMinutes(10)).minus(Duration.ofDays(15)));
  }

  @Test
  void theAnswerIsKeptForTheRefreshIntervalUnlessTheTopicsChange() {
    window.current();
    now.set(NOW.plus(Duration.ofMinutes(59)));
    window.current();
    assertThat(broker.questions).isEqualTo(1);

    broker.topics.put("product-events", new RedeliveryWindow.TopicRetention(30 * DAY_MS, 7 * DAY_MS, true));
    subscribed.add("product-events");
    assertThat(window.current()).as("a new subscription is asked about at once").contains(Duration.ofDays(38));

    broker.topics.put("product-events", BROKER_DEFAULTS);
    now.set(NOW.plus(Duration.ofMinutes(59 + 61)));
    assertThat(window.current()).as("re-read after the refresh interval").contains(Duration.ofDays(15));
    assertThat(broker.questions).isEqualTo(3);
  }

  private TableRetention retention(RetentionRule table) {
    return new TableRetention(List.of(window.covering(table)), TransactionOperations.withoutTransaction(), clock, meters, 1_000);
  }
}
