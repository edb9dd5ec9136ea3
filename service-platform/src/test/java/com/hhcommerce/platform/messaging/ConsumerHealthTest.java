package com.hhcommerce.platform.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.dao.CannotAcquireLockException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerHealthTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private final ConsumerHealth health = new ConsumerHealth(() -> meters, clock, Duration.ofSeconds(30));

  @Test
  void aConsumerRetryingOneMessageLongerThanTheLimitIsNotReadyUntilTheMessageIsDone() throws Exception {
    withPollingThread("orders", () -> {
      health.subscribed("orders");
      health.retrying("orders", "m-1", new CannotAcquireLockException("no connection"));
      clock.advance(Duration.ofSeconds(29));
      health.retrying("orders", "m-1", new CannotAcquireLockException("still no connection"));
      assertThat(health.health().getStatus()).as("within the limit").isEqualTo(Status.UP);
      assertThat(stuck("orders", "retrying")).isZero();

      clock.advance(Duration.ofSeconds(2));
      Health stuck = health.health();
      assertThat(stuck.getStatus()).isEqualTo(Status.DOWN);
      assertThat(stuck.getDetails().get("orders")).asString().contains("retrying", "still no connection", "1970-01-01T00:00:00Z");
      assertThat(stuck("orders", "retrying")).isEqualTo(1.0);

      health.done("orders", "m-1");
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      assertThat(stuck("orders", "retrying")).isZero();
    });
  }

  @Test
  void aConsumerWhoseHandlerHangsLongerThanTheLimitIsNotReadyThoughNothingFailed() throws Exception {
    withPollingThread("orders", () -> {
      health.subscribed("orders");
      health.handling("orders", "m-1");
      clock.advance(Duration.ofSeconds(29));
      assertThat(health.health().getStatus()).as("within the limit").isEqualTo(Status.UP);
      clock.advance(Duration.ofSeconds(2));
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.health().getDetails().get("orders")).asString().contains("hanging");
      assertThat(stuck("orders", "retrying")).isEqualTo(1.0);
      health.done("orders", "m-1");
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void twoSubscribersHandlingOneMessageAreTrackedApart() throws Exception {
    withPollingThread("mails", () -> withPollingThreadUnchecked("deliveries", () -> {
      health.subscribed("mails");
      health.subscribed("deliveries");
      health.retrying("mails", "m-1", new CannotAcquireLockException("no connection"));
      health.handling("deliveries", "m-1");
      health.done("deliveries", "m-1");
      clock.advance(Duration.ofSeconds(31));
      assertThat(stuck("mails", "retrying")).as("the other subscriber's done does not end this one's retrying").isEqualTo(1.0);
      assertThat(stuck("deliveries", "retrying")).isZero();
    }));
  }

  private static void withPollingThreadUnchecked(String subscriberId, Runnable checks) {
    try {
      withPollingThread(subscriberId, checks);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConsumerWhosePollingThreadEndedIsStopped() throws Exception {
    withPollingThread("replies", () -> {
      health.subscribed("replies");
      assertThat(health.health().getStatus()).as("precondition: polling").isEqualTo(Status.UP);
      assertThat(stuck("replies", "stopped")).isZero();
    });
    Health stopped = health.health();
    assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
    assertThat(stopped.getDetails()).containsEntry("replies", Map.of("state", "stopped"));
    assertThat(stuck("replies", "stopped")).isEqualTo(1.0);
  }

  @Test
  void aSubscriberWithoutAPollingThreadIsStopped() {
    health.subscribed("never-started");
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }

  private double stuck(String subscriber, String reason) {
    return meters.get(ConsumerHealth.STUCK).tags("subscriber", subscriber, "reason", reason).gauge().value();
  }

  /** Runs the checks while a thread named as Eventuate names a subscriber's polling thread is alive, then ends it. */
  private static void withPollingThread(String subscriberId, Runnable checks) throws InterruptedException {
    CountDownLatch end = new CountDownLatch(1);
    Thread polling = new Thread(() -> {
      try {
        end.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, ConsumerHealth.POLLING_THREAD_PREFIX + subscriberId);
    polling.start();
    try {
      checks.run();
    } finally {
      end.countDown();
      polling.join();
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.EPOCH;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
