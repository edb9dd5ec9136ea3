package com.hhcommerce.relay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The relay's records of what it did (notifications, delivered events) are kept for hh.relay.keep-records and
 * then deleted, a thousand rows at a time so that no delete holds a table long. Events not yet delivered are
 * never deleted. Idempotent, so several instances may run it at once.
 */
@Component
class RelayRetention {

  private static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration keep;

  RelayRetention(JdbcClient jdbc, Clock clock, @Value("${hh.relay.keep-records}") Duration keep) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.keep = keep;
  }

  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void forgetOldRecords() {
    Instant before = clock.instant().minus(keep);
    deleteInBatches("DELETE FROM notification WHERE created_at < ? LIMIT " + BATCH, before);
    deleteInBatches("DELETE FROM platform_delivery WHERE delivered_at < ? LIMIT " + BATCH, before);
  }

  private void deleteInBatches(String delete, Instant before) {
    int deleted;
    do {
      deleted = jdbc.sql(delete).param(before).update();
    } while (deleted == BATCH);
  }
}
