package com.hhcommerce.platform.messaging;

import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.consumer.common.MessageHandlerDecorator;
import io.eventuate.tram.consumer.common.MessageHandlerDecoratorChain;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.time.Duration;

/**
 * Wraps every Eventuate message handler, outside duplicate detection (whose transaction a failed attempt
 * rolls back). Eventuate stops a consumer for good on the first exception; instead, a transient failure
 * (no connection, deadlock, lock timeout) is retried with back-off, and any other failure parks the
 * message in parked_message with its reason, so the channel keeps flowing and nothing is lost.
 */
public class ResilientMessageHandling implements MessageHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(ResilientMessageHandling.class);
  /** Between Eventuate's pre/post-receive (100) and duplicate detection (200). */
  static final int ORDER = 150;
  /** Counted per subscriber; registered at 0 when it subscribes ({@link SubscriberMetrics}). */
  static final String PARKED = "hh.messages.parked";

  private final Retry retry;
  private final JdbcClient jdbc;
  private final MeterRegistry meters;

  public ResilientMessageHandling(JdbcClient jdbc, MeterRegistry meters, int maxAttempts, Duration firstBackOff, Duration maxBackOff) {
    this.jdbc = jdbc;
    this.meters = meters;
    this.retry = Retry.of("message-handling", RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(firstBackOff, 2.0, maxBackOff))
        .retryOnException(ResilientMessageHandling::isTransient)
        .build());
    retry.getEventPublisher().onRetry(e -> log.warn("Transient failure handling a message, attempt {}: {}",
        e.getNumberOfRetryAttempts(), String.valueOf(e.getLastThrowable())));
  }

  @Override
  public void accept(SubscriberIdAndMessage subscriberIdAndMessage, MessageHandlerDecoratorChain chain) {
    try {
      retry.executeRunnable(() -> chain.invokeNext(subscriberIdAndMessage));
    } catch (RuntimeException e) {
      if (isTransient(e)) {
        throw e; // retries exhausted: the infrastructure is down; stopping beats parking every message
      }
      park(subscriberIdAndMessage, e);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /**
   * A failure that ends when the infrastructure is back (no connection, a timeout, a breaker open in front of a
   * store), as opposed to one of the request or the code: the one classification of "down" for every service.
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
          || t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException || t instanceof java.net.SocketException) { // refused, reset, broken pipe
        return true;
      }
    }
    return false;
  }

  private void park(SubscriberIdAndMessage subscriberIdAndMessage, RuntimeException e) {
    Message message = subscriberIdAndMessage.getMessage();
    String reason = e.getClass().getName() + ": " + e.getMessage();
    log.error("Parking message {} for {}: {}", message.getId(), subscriberIdAndMessage.getSubscriberId(), reason, e);
    jdbc.sql("""
            INSERT INTO parked_message (subscriber_id, message_id, destination, headers, payload, reason)
            VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE reason = VALUES(reason)""")
        .params(subscriberIdAndMessage.getSubscriberId(), message.getId(), message.getHeader(Message.DESTINATION).orElse(null),
            JSonMapper.toJson(message.getHeaders()), message.getPayload(), reason.length() > 60_000 ? reason.substring(0, 60_000) : reason)
        .update();
    meters.counter(PARKED, "subscriber", subscriberIdAndMessage.getSubscriberId()).increment();
  }
}
