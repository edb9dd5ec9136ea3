package com.hhcommerce.order;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * order-service's clock in a test that moves it by hand; it starts at the real time (whole milliseconds, as the
 * database stores them) and stands still until moved. Import {@link Config} to make it the application's clock.
 */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MILLIS));

  @TestConfiguration
  public static class Config {
    @Bean
    TestClock testClock() {
      return new TestClock();
    }
  }

  public void advance(Duration by) {
    now.updateAndGet(at -> at.plus(by));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock is in UTC");
  }
}
