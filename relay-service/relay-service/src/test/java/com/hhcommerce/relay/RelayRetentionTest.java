package com.hhcommerce.relay;

import com.hhcommerce.platform.retention.RedeliveryWindow;
import com.hhcommerce.platform.retention.RetentionRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** The relay recognises a redelivered event by its records: they outlive any redelivery, keep-records is the floor. */
class RelayRetentionTest {

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private boolean kafkaDown;
  private long retentionMs = 7 * DAY_MS;

  private final RedeliveryWindow.TopicSettings broker = topics -> {
    if (kafkaDown) {
      throw new TimeoutException("Timed out waiting for a node assignment");
    }
    Map<String, RedeliveryWindow.TopicRetention> answer = new HashMap<>();
    topics.forEach(topic -> answer.put(topic, new RedeliveryWindow.TopicRetention(retentionMs, 7 * DAY_MS, true)));
    return answer;
  };
  private final RelayRetention retention = new RelayRetention();
  private final JdbcClient jdbc = mock(JdbcClient.class);
  private final RelayProperties settings = new RelayProperties(Duration.ofDays(7));

  private RedeliveryWindow window() {
    return new RedeliveryWindow(() -> Set.of("order-events", "customer-events"), broker, Duration.ofDays(1), Duration.ofHours(1),
        Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());
  }

  @Test
  void notificationsAndDeliveredEventsAreKeptAsLongAsKafkaCouldDeliverTheEventAgain() {
    RedeliveryWindow window = window();
    RetentionRule notifications = retention.notificationRetention(jdbc, settings, window);
    RetentionRule deliveries = retention.platformDeliveryRetention(jdbc, settings, window);

    assertThat(notifications.keepThisRound()).as("7 days of retention, 7 of segment, a day of margin").contains(Duration.ofDays(15));
    assertThat(deliveries.keepThisRound()).contains(Duration.ofDays(15));
  }

  @Test
  void keepRecordsIsTheFloor() {
    retentionMs = DAY_MS / 24;
    RetentionRule notifications = retention.notificationRetention(jdbc, new RelayProperties(Duration.ofDays(30)), window());

    assertThat(notifications.keepThisRound()).contains(Duration.ofDays(30));
  }

  @Test
  void nothingIsDeletedWhileKafkaCannotBeAsked() {
    kafkaDown = true;
    RedeliveryWindow window = window();

    assertThat(retention.notificationRetention(jdbc, settings, window).keepThisRound()).isEmpty();
    assertThat(retention.platformDeliveryRetention(jdbc, settings, window).keepThisRound()).isEmpty();
  }
}
