package com.hhcommerce.platform.messaging;

import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Wraps every Eventuate message handler, outside duplicate detection (whose transaction a failed attempt
 * rolls back). Eventuate stops a consumer for good on the first exception a handler lets out; instead, a transient
 * failure (no connection, deadlock, lock timeout, a read-only or full database, a breaker open in front of a store) is
 * retried for as long as it lasts, after a back-off that doubles up to a cap, and any other failure parks the message in
 * parked_message with its reason, so the channel keeps flowing and nothing is lost. Nothing is parked because an
 * outage lasted long; {@link ConsumerHealth} shows a consumer that has been retrying one message too long.
 */
public class ResilientMessageHandling implements MessageHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(ResilientMessageHandling.class);
  /** Between Eventuate's pre/post-receive (100) and duplicate detection (200). */
  static final int ORDER = 150;
  /** Counted per subscriber; registered at 0 when it subscribes ({@link SubscriberMetrics}). */
  static final String PARKED = "hh.messages.parked";
  /**
   * MariaDB/MySQL error codes of a database that cannot write for now, which Spring does not translate as transient:
   * read-only (1290, 1836, 1792), disk full (1021), table full (1114), write error (3).
   */
  private static final Set<Integer> CANNOT_WRITE_NOW = Set.of(1290, 1836, 1792, 1021, 1114, 3);
  /**
   * Redis's error replies of a server that cannot serve for now: out of memory (noeviction), a replica after a failover,
   * loading its data, its primary down, a script running too long. Lettuce reports them as command errors.
   */
  private static final List<String> REDIS_CANNOT_SERVE_NOW = List.of("OOM ", "READONLY ", "LOADING ", "MASTERDOWN ", "BUSY ", "TRYAGAIN ");
  private static final String REDIS_COMMAND_ERROR = "io.lettuce.core.RedisCommandExecutionException";

  private final JdbcClient jdbc;
  private final Supplier<MeterRegistry> meters;
  private final ConsumerHealth health;
  private final IntervalFunction backOff;

  /** {@code meters} looked up when first needed ({@link ConsumerHealth} says why). */
  public ResilientMessageHandling(JdbcClient jdbc, Supplier<MeterRegistry> meters, ConsumerHealth health, Duration firstBackOff, Duration maxBackOff) {
    this.jdbc = jdbc;
    this.meters = meters;
    this.health = health;
    this.backOff = IntervalFunction.ofExponentialBackoff(firstBackOff, 2.0, maxBackOff);
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    String subscriberId = subscriberIdAndMessage.getSubscriberId();
    String messageId = subscriberIdAndMessage.getMessage().getId();
    health.handling(subscriberId, messageId);
    try {
      untilNotTransient(subscriberIdAndMessage, () -> chain.invokeNext(subscriberIdAndMessage));
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e; // the service is stopping: the message is handled again by whoever consumes next
      }
      // parking writes to the database too: an outage that starts now is waited out as well
      untilNotTransient(subscriberIdAndMessage, () -> park(subscriberIdAndMessage, e));
    } finally {
      health.done(subscriberId, messageId);
    }
  }

  /** Runs the work again after each transient failure; returns once it succeeds, throws what is not transient. */
  private void untilNotTransient(SubscriberIdAndMessage subscriberIdAndMessage, Runnable work) {
    String messageId = subscriberIdAndMessage.getMessage().getId();
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (RuntimeException e) {
        if (!isTransient(e)) {
          throw e;
        }
        long wait = backOff.apply(attempt);
        health.retrying(subscriberIdAndMessage.getSubscriberId(), messageId, e);
        log.warn("Transient failure handling message {} for {}, attempt {}, again in {} ms: {}", messageId,
            subscriberIdAndMessage.getSubscriberId(), attempt, wait, String.valueOf(e));
        pause(wait);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // the back-off of this message's own thread (a swimlane): the next message of its key waits
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Stopped while waiting to retry a message", stopping);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /**
   * A failure that ends when the infrastructure is back (no connection, a timeout, a breaker open in front of a
   * store, a database that cannot write for now), as opposed to one of the request or the code: the one
   * classification of "down" for every service.
   */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransactionSystemException) {
        return true; // a commit or rollback failed: the connection or the database went away
      }
      if (t instanceof CallNotPermittedException) {
        return true; // a circuit breaker in front of a store is open: the store is down, the message is fine
      }
      if (t instanceof DuplicateKeyException) {
        return false;
      }
      // connection-level failures are classified "non-transient" by Spring, but they end when the database
      // is back: parking every message during a database restart would be wrong
      if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
          || t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
          || t instanceof SQLTransientException || t instanceof SQLRecoverableException
          || t instanceof SQLNonTransientConnectionException || t instanceof SocketException) { // refused, reset, broken pipe
        return true;
      }
      if (t instanceof SQLException sql && CANNOT_WRITE_NOW.contains(sql.getErrorCode())) {
        return true;
      }
      if (t.getClass().getName().equals(REDIS_COMMAND_ERROR) && t.getMessage() != null
          && REDIS_CANNOT_SERVE_NOW.stream().anyMatch(t.getMessage()::startsWith)) {
        return true;
      }
    }
    return false;
  }

  private void park(SubscriberIdAndMessage subscriberIdAndMessage, RuntimeException e) {
    Message message = subscriberIdAndMessage.getMessage();
    String reason = reason(e);
    log.error("Parking message {} for {}: {}", message.getId(), subscriberIdAndMessage.getSubscriberId(), reason, e);
    jdbc.sql("""
            INSERT INTO parked_message (subscriber_id, message_id, destination, headers, payload, reason)
            VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE reason = VALUES(reason)""")
        .params(subscriberIdAndMessage.getSubscriberId(), message.getId(), message.getHeader(Message.DESTINATION).orElse(null),
            JSonMapper.toJson(message.getHeaders()), message.getPayload(), reason.length() > 60_000 ? reason.substring(0, 60_000) : reason)
        .update();
    meters.get().counter(PARKED, "subscriber", subscriberIdAndMessage.getSubscriberId()).increment();
  }

  /** The failure and, when it wraps another, the root cause: what an operator reads before re-driving the message. */
  static String reason(Throwable e) {
    String reason = e.getClass().getName() + ": " + e.getMessage();
    Throwable root = NestedExceptionUtils.getRootCause(e);
    return root == null ? reason : reason + "; root cause " + root.getClass().getName() + ": " + root.getMessage();
  }
}
