package com.hhcommerce.relay.dataplatform;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every order event reaches the data platform, none is lost: the event's row is written before the first
 * attempt, and it stays due until the platform answered 2xx (the seed's rule: a failed delivery is stored and
 * retried). An event is relayed once by its id: a redelivered or replayed event finds its row. The consumer
 * never waits for a platform that is away: with the breaker open the row is stored at once, and a scheduled
 * job delivers stored rows once the breaker lets calls through again. Safe with several instances: a due row is
 * leased to one of them at a time (claimed_until), and the platform sees the event id as Idempotency-Key.
 */
@Service
@ConditionalOnExpression(DataPlatformClient.CONFIGURED)
public class PlatformDeliveries implements SchedulingConfigurer {

  /** A row being attempted by the consumer or leased by a retrying instance is left alone this long. */
  private static final Duration LEASE = Duration.ofSeconds(60);
  static final String COUNTER = "hh.data.platform.deliveries";
  private static final Logger log = LoggerFactory.getLogger(PlatformDeliveries.class);

  /** A stored delivery, due for its next attempt. */
  record Pending(String eventId, String eventType, String payload, int attempts) {
  }

  private final DataPlatformClient platform;
  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final MeterRegistry meters;
  /** retry-every, doubled per failed attempt, up to max-back-off. */
  private final IntervalFunction backOff;
  private final Duration retryEvery;
  private final int batch;

  public PlatformDeliveries(DataPlatformClient platform, JdbcClient jdbc, PlatformTransactionManager transactions, MeterRegistry meters,
      DataPlatformProperties settings) {
    this.platform = platform;
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.meters = meters;
    this.backOff = IntervalFunction.ofExponentialBackoff(settings.retryEvery(), 2.0, settings.maxBackOff());
    this.retryEvery = settings.retryEvery();
    this.batch = settings.retryBatch();
    for (String outcome : List.of("delivered", "failed", "deferred")) {
      meters.counter(COUNTER, "outcome", outcome).increment(0);
    }
    Gauge.builder("hh.data.platform.pending", this, PlatformDeliveries::pending)
        .description("order events not yet delivered to the data platform").register(meters);
  }

  /** The consumer's path: the event's row first, then one attempt unless the event was seen before. */
  public void relay(String eventId, String eventType, String payload) {
    int inserted = jdbc.sql("""
            INSERT IGNORE INTO platform_delivery (event_id, event_type, payload, next_attempt_at)
            VALUES (?, ?, ?, NOW(3) + INTERVAL ? SECOND)""")
        .params(eventId, eventType, payload, LEASE.toSeconds()).update();
    if (inserted == 1) {
      attempt(new Pending(eventId, eventType, payload, 0), null);
    }
  }

  /** {@link #retryDue()} every retry-every, the first run one retry-every after start. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(new FixedDelayTask(this::retryDue, retryEvery, retryEvery));
  }

  /** Stored deliveries that are due, oldest first, leased to this instance; stops when the breaker refuses. */
  public void retryDue() {
    if (platform.breakerState() == CircuitBreaker.State.OPEN) {
      return;
    }
    String lease = UUID.randomUUID().toString();
    Integer claimed = ownTransaction.execute(status -> claim(lease));
    if (claimed == null || claimed == 0) {
      return;
    }
    List<Pending> due = jdbc.sql("SELECT event_id, event_type, payload, attempts FROM platform_delivery WHERE claimed_by = ? ORDER BY created_at")
        .param(lease).query((rs, row) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
    for (Pending pending : due) {
      if (!stillLeased(pending, lease)) {
        continue; // this run outlasted the row's lease, and another instance has taken it
      }
      if (!attempt(pending, lease)) {
        // the breaker opened: the rest of the lease waits for the next run (released, not counted as attempts)
        jdbc.sql("UPDATE platform_delivery SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND delivered_at IS NULL")
            .param(lease).update();
        return;
      }
    }
  }

  /**
   * Leases the oldest due rows to this run. The rows are picked with SKIP LOCKED, so that the claim never waits for
   * a row another statement holds: a single UPDATE claimed them before, and its scan, holding the due rows it had
   * passed in the due index, could wait for a row whose writer (a failed attempt rescheduling it) waited in turn for
   * one of those: a deadlock, the claim its victim. Another instance's claim in progress is skipped the same way.
   */
  private int claim(String lease) {
    List<String> due = jdbc.sql("""
            SELECT event_id FROM platform_delivery
            WHERE delivered_at IS NULL AND next_attempt_at <= NOW(3) AND (claimed_until IS NULL OR claimed_until < NOW(3))
            ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED""")
        .param(batch).query(String.class).list();
    if (due.isEmpty()) {
      return 0;
    }
    return jdbc.sql("UPDATE platform_delivery SET claimed_by = :lease, claimed_until = NOW(3) + INTERVAL :lease_seconds SECOND WHERE event_id IN (:due)")
        .param("lease", lease).param("lease_seconds", LEASE.toSeconds()).param("due", due).update();
  }

  /**
   * Renews the row's lease just before its attempt, if this run still holds it: a run of slow attempts can outlast
   * the lease of the rows it has not reached, which another instance may then claim and attempt.
   */
  private boolean stillLeased(Pending pending, String lease) {
    return jdbc.sql("UPDATE platform_delivery SET claimed_until = NOW(3) + INTERVAL ? SECOND WHERE event_id = ? AND claimed_by = ? AND delivered_at IS NULL")
        .params(LEASE.toSeconds(), pending.eventId(), lease).update() == 1;
  }

  /**
   * False when the breaker refused the call (the row stays due, its attempts unchanged). The outcome is written to
   * the row only while it is still this caller's: the retry job's lease, or none for the consumer's first attempt.
   */
  private boolean attempt(Pending pending, String lease) {
    try {
      platform.deliver(pending.eventId(), pending.eventType(), pending.payload());
    } catch (CallNotPermittedException e) {
      jdbc.sql("UPDATE platform_delivery SET next_attempt_at = NOW(3), claimed_by = NULL, claimed_until = NULL WHERE event_id = ? AND claimed_by <=> ?")
          .params(pending.eventId(), lease).update();
      meters.counter(COUNTER, "outcome", "deferred").increment();
      return false;
    } catch (RuntimeException e) {
      Duration backOff = backOff(pending.attempts() + 1);
      log.warn("Event {} ({}) not delivered to the data platform, attempt {}; next in {}: {}", pending.eventId(), pending.eventType(),
          pending.attempts() + 1, backOff, e.toString());
      String error = e.toString();
      jdbc.sql("""
              UPDATE platform_delivery SET attempts = attempts + 1, last_error = ?, next_attempt_at = NOW(3) + INTERVAL ? SECOND,
                claimed_by = NULL, claimed_until = NULL WHERE event_id = ? AND claimed_by <=> ?""")
          .params(error.length() <= 1000 ? error : error.substring(0, 1000), backOff.toSeconds(), pending.eventId(), lease).update();
      meters.counter(COUNTER, "outcome", "failed").increment();
      return true;
    }
    jdbc.sql("""
            UPDATE platform_delivery SET attempts = attempts + 1, last_error = NULL, delivered_at = NOW(3), claimed_by = NULL,
              claimed_until = NULL WHERE event_id = ? AND claimed_by <=> ?""")
        .params(pending.eventId(), lease).update();
    meters.counter(COUNTER, "outcome", "delivered").increment();
    return true;
  }

  Duration backOff(int failedAttempts) {
    return Duration.ofMillis(backOff.apply(failedAttempts));
  }

  /** Events not yet delivered, and since when the oldest of them waits. */
  public long pending() {
    return jdbc.sql("SELECT COUNT(*) FROM platform_delivery WHERE delivered_at IS NULL").query(Long.class).single();
  }

  public Optional<Instant> oldestPendingSince() {
    return jdbc.sql("SELECT MIN(created_at) FROM platform_delivery WHERE delivered_at IS NULL").query(java.sql.Timestamp.class)
        .optional().map(java.sql.Timestamp::toInstant);
  }

  public String url() {
    return platform.url();
  }

  public CircuitBreaker.State breakerState() {
    return platform.breakerState();
  }
}
